package dev.latchkey.client.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.client.http.Json;
import dev.latchkey.server.LatchkeyServer;
import dev.latchkey.server.config.ConfigLoader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;

/**
 * The real Latchkey server, in-process, for one test class: its own PostgreSQL database, Redis key
 * prefix and data folder, on a free loopback port, with an administrator. Setup goes through the
 * public admin API, as a vendor's script would.
 */
public final class LiveServer implements AutoCloseable {

    public static final String ADMIN = "client_admin";
    public static final String ADMIN_PASSWORD = "admin-password-for-tests";
    private static final String PG = envOr("LATCHKEY_TEST_PG", "postgresql://postgres:latchkey@127.0.0.1:5432");

    private final Vertx vertx;
    private final LatchkeyServer server;
    private final String database;
    private final Path dataDir;
    private final HttpClient http = HttpClient.newHttpClient();

    private LiveServer(Vertx vertx, LatchkeyServer server, String database, Path dataDir) {
        this.vertx = vertx;
        this.server = server;
        this.database = database;
        this.dataDir = dataDir;
    }

    /** A fresh admin token per call: some test servers run with access tokens of a few seconds. */
    private String adminToken() {
        return post("/auth/token", Json.object().put("username", ADMIN).put("password", ADMIN_PASSWORD), null)
                .path("access_token").asText();
    }

    /** Starts a server; {@code overrides} are LATCHKEY_* settings on top of the test defaults. */
    public static LiveServer start(String owner, JsonObject overrides) {
        String db = ("lkc_" + owner + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        exec("postgres", "CREATE DATABASE " + db);
        Vertx vertx = Vertx.vertx();
        try {
            Path dir = Files.createTempDirectory("latchkey-client-test-");
            JsonObject c = ConfigLoader.defaults()
                    .put("LATCHKEY_HTTP_HOST", "127.0.0.1")
                    .put("LATCHKEY_HTTP_PORT", 0)
                    .put("LATCHKEY_HTTP_INSTANCES", 1)
                    .put("LATCHKEY_PG_URI", PG + "/" + db)
                    .put("LATCHKEY_PG_POOL_SIZE", 8)
                    .put("LATCHKEY_REDIS_URI", "redis://127.0.0.1:6379")
                    .put("LATCHKEY_REDIS_PREFIX", "lkc:" + UUID.randomUUID().toString().substring(0, 8) + ":")
                    .put("LATCHKEY_DATA_DIR", dir.toString())
                    .put("LATCHKEY_HASH_THREADS", 2)
                    .put("LATCHKEY_RATE_LOGIN", "1000/1m")
                    .put("LATCHKEY_RATE_API", "10000/1m")
                    .put("LATCHKEY_ADMIN_USERNAME", ADMIN)
                    .put("LATCHKEY_ADMIN_PASSWORD", ADMIN_PASSWORD)
                    .mergeIn(overrides);
            LatchkeyServer server = LatchkeyServer.start(vertx, ConfigLoader.parse(c)).toCompletionStage().toCompletableFuture().join();
            return new LiveServer(vertx, server, db, dir);
        } catch (IOException | RuntimeException e) {
            vertx.close();
            exec("postgres", "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            throw new IllegalStateException("test server did not start: " + e.getMessage(), e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Creates a user through the admin API. */
    public void createUser(String username, String password, int maxDevices) {
        post("/api/v1/admin/users", Json.object().put("username", username).put("password", password)
                .put("max_devices", maxDevices), adminToken());
    }

    public String product(String name) {
        return post("/api/v1/admin/products", Json.object().put("name", name), adminToken()).path("id").asText();
    }

    /** Issues one license; answers its key (shown only at issue time). */
    public String issueKey(String productId, String... features) {
        ObjectNode body = Json.object().put("product_id", productId).put("count", 1).put("max_activations", 20)
                .put("expires_at", java.time.Instant.now().plus(java.time.Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        var f = body.putArray("features");
        for (String x : features) {
            f.add(x);
        }
        return post("/api/v1/admin/licenses", body, adminToken()).path("licenses").get(0).path("key").asText();
    }

    /** Releases a file through the admin upload (raw body); answers the stored file's JSON. */
    public JsonNode upload(String productId, String name, String version, byte[] content) {
        String q = "?product_id=" + productId + "&name=" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)
                + "&version=" + java.net.URLEncoder.encode(version, java.nio.charset.StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/api/v1/admin/files" + q))
                .header("Content-Type", "application/octet-stream")
                .header("Authorization", "Bearer " + adminToken())
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException("upload answered " + r.statusCode() + ": " + r.body());
            }
            return Json.parse(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Redeems {@code key} for a user from another machine (a setup step, like a user's other computer). */
    public void redeemFor(String username, String password, String key) {
        ObjectNode hwid = Json.object().put("cpu", dev.latchkey.protocol.hwid.HwidComponents.sha256Hex(username + "-setup"));
        String access = post("/auth/client/login", Json.object().put("username", username).put("password", password)
                .set("hwid", hwid), null).path("access_token").asText();
        post("/api/v1/licenses/redeem", Json.object().put("license_key", key), access);
    }

    /** Rows of {@code audit_events} with {@code action}, once queued events are committed. */
    public long auditCount(String action) {
        server.services().audit().close().toCompletionStage().toCompletableFuture().join();
        return queryLong("SELECT count(*) FROM audit_events WHERE action = '" + action.replace("'", "''") + "'");
    }

    /** One number from the test database. */
    public long queryLong(String sql) {
        try (Connection c = connect(database); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public JsonNode post(String path, JsonNode body, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
            }
            return Json.parse(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            server.stop().toCompletionStage().toCompletableFuture().join();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
            exec("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            try (var walk = Files.walk(dataDir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp folder
            }
        }
    }

    private static void exec(String db, String sql) {
        try (Connection c = connect(db); var st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL must run at " + PG + " for the tests: " + e.getMessage(), e);
        }
    }

    private static Connection connect(String db) throws SQLException {
        URI uri = URI.create(PG.replace("postgresql://", "http://"));
        String info = uri.getUserInfo();
        String user = info == null ? "postgres" : info.split(":")[0];
        String password = info != null && info.contains(":") ? info.split(":", 2)[1] : null;
        return DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + "/" + db, user, password);
    }

    private static String envOr(String key, String dflt) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? dflt : v;
    }
}
