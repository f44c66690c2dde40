package dev.latchkey.server.support;

import dev.latchkey.server.LatchkeyServer;
import dev.latchkey.server.Services;
import dev.latchkey.server.accounts.User;
import dev.latchkey.server.accounts.UserService;
import dev.latchkey.server.config.ConfigLoader;
import dev.latchkey.server.config.ServerConfig;
import dev.latchkey.server.http.ClientInfo;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.redis.client.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;

/**
 * A real server for one test class: its own database, its own Redis key prefix, its own data
 * directory, listening on a free loopback port.
 */
public final class TestServer implements AutoCloseable {

    public static final String REDIS = "redis://127.0.0.1:6379";

    public final Vertx vertx;
    public final TestDatabase db;
    public final LatchkeyServer server;
    public final WebClient http;
    public final Path dataDir;
    public final String redisPrefix;

    private TestServer(Vertx vertx, TestDatabase db, LatchkeyServer server, Path dataDir, String redisPrefix) {
        this.vertx = vertx;
        this.db = db;
        this.server = server;
        this.dataDir = dataDir;
        this.redisPrefix = redisPrefix;
        this.http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(server.port()).setFollowRedirects(false));
    }

    public static TestServer start(Vertx vertx, String owner) {
        return start(vertx, owner, new JsonObject());
    }

    /** Starts with the documented defaults, test isolation settings, then {@code overrides}. */
    public static TestServer start(Vertx vertx, String owner, JsonObject overrides) {
        return start(vertx, owner, overrides, uri -> uri);
    }

    /** As above, with the server's database URI rewritten (e.g. to reach it through a {@link TcpProxy}). */
    public static TestServer start(Vertx vertx, String owner, JsonObject overrides, java.util.function.UnaryOperator<String> pgUri) {
        TestDatabase db = TestDatabase.create(owner);
        try {
            Path dir = Files.createTempDirectory("latchkey-test-");
            String prefix = "lkt:" + UUID.randomUUID().toString().substring(0, 8) + ":";
            JsonObject c = ConfigLoader.defaults()
                    .put("LATCHKEY_HTTP_HOST", "127.0.0.1")
                    .put("LATCHKEY_HTTP_PORT", 0)
                    .put("LATCHKEY_HTTP_INSTANCES", 1)
                    .put("LATCHKEY_PG_URI", pgUri.apply(db.uri()))
                    .put("LATCHKEY_PG_POOL_SIZE", 8)
                    .put("LATCHKEY_REDIS_URI", REDIS)
                    .put("LATCHKEY_REDIS_PREFIX", prefix)
                    .put("LATCHKEY_DATA_DIR", dir.toString())
                    .put("LATCHKEY_HASH_THREADS", 2)
                    // Tests sign in far more often than people: limits are raised unless a test sets its own.
                    .put("LATCHKEY_RATE_LOGIN", "100000/1m")
                    .put("LATCHKEY_RATE_API", "100000/1m")
                    .put("LATCHKEY_RATE_DOWNLOAD", "100000/1m")
                    .put("LATCHKEY_AUTOBLOCK_LOGIN_FAILURES", 100000)
                    .put("LATCHKEY_AUTOFLAG_DEVICE_REFUSALS", 100000)
                    .mergeIn(overrides);
            ServerConfig config = ConfigLoader.parse(c);
            LatchkeyServer server = LatchkeyServer.start(vertx, config).await();
            return new TestServer(vertx, db, server, dir, prefix);
        } catch (IOException | RuntimeException e) {
            db.close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    public Services services() {
        return server.services();
    }

    public User createUser(String username, String password, String role) {
        return createUser(username, password, role, 3);
    }

    public User createUser(String username, String password, String role, int maxDevices) {
        return services().users().create(UserService.newUser(username, password, null, role, maxDevices),
                new UserService.Actor(null, "test", ClientInfo.local("test"))).await();
    }

    public HttpResponse<Buffer> postJson(String path, JsonObject body) {
        return http.post(path).sendJsonObject(body).await();
    }

    public HttpResponse<Buffer> get(String path, String bearer) {
        return withBearer(http.get(path), bearer).send().await();
    }

    public HttpRequest<Buffer> withBearer(HttpRequest<Buffer> request, String bearer) {
        return bearer == null ? request : request.putHeader("Authorization", "Bearer " + bearer);
    }

    /** Waits for queued audit events to be committed, then reads them back. */
    public java.util.List<java.util.Map<String, Object>> audit(String action) {
        services().audit().close().await();
        return db.query("SELECT actor_id, actor_name, action, target_type, target_id, ip, user_agent, outcome, details::text AS details "
                + "FROM audit_events WHERE action = ? ORDER BY id", action);
    }

    public String adminToken(String username, String password) {
        return postJson("/auth/token", new JsonObject().put("username", username).put("password", password))
                .bodyAsJsonObject().getString("access_token");
    }

    @Override
    public void close() {
        try {
            http.close();
            server.stop().await();
        } finally {
            try {
                var redis = io.vertx.redis.client.Redis.createClient(vertx, REDIS);
                var keys = redis.send(io.vertx.redis.client.Request.cmd(Command.KEYS, redisPrefix + "*")).await();
                for (var k : keys) {
                    redis.send(io.vertx.redis.client.Request.cmd(Command.DEL, k.toString())).await();
                }
                redis.close();
            } catch (RuntimeException ignored) {
                // Redis leftovers carry a random prefix and expire; they cannot affect other tests.
            }
            db.close();
            deleteTree(dataDir);
        }
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory; the OS cleans it
        }
    }
}
