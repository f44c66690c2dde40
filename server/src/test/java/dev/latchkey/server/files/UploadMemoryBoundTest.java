package dev.latchkey.server.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.protocol.container.ContainerFormat;
import dev.latchkey.protocol.container.ContainerInputStream;
import dev.latchkey.protocol.container.Dek;
import dev.latchkey.protocol.container.UserKeyWrap;
import dev.latchkey.server.support.Hwids;
import dev.latchkey.server.support.TestDatabase;
import dev.latchkey.server.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The upload memory bound of issue 5: the real server process with a 256 MiB heap receives a 1 GiB file
 * generated on the fly (never held in memory on either side), then serves it back; the decrypted download has
 * the uploaded SHA-256. Figures (time, MB/s, server CPU, peak RSS) are printed for BENCHMARKS-style reporting.
 */
class UploadMemoryBoundTest {

    private static final long SIZE = 1L << 30;
    private static final Pattern LISTENING = Pattern.compile("Latchkey listening on [^:\\s]+:(\\d+)");

    /** Pseudo-random bytes made as they are read, hashed on the way out: what was sent, without keeping it. */
    static final class GeneratedStream extends InputStream {
        private final long size;
        private final MessageDigest digest;
        private long produced;
        private long state = 0x9E3779B97F4A7C15L;

        GeneratedStream(long size) throws NoSuchAlgorithmException {
            this.size = size;
            this.digest = MessageDigest.getInstance("SHA-256");
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (produced >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - produced);
            for (int i = 0; i < n; i += 8) {
                // xorshift64: fast, and every 8 bytes differ, so no segment repeats another.
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
                for (int k = 0; k < 8 && i + k < n; k++) {
                    b[off + i + k] = (byte) (state >>> (8 * k));
                }
            }
            digest.update(b, off, n);
            produced += n;
            return n;
        }

        String sha256Hex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    @DisplayName("the server process, with -Xmx256m, stores a 1 GiB upload and serves it back; the decrypted download has the same SHA-256")
    void oneGibibyteWithSmallHeap() throws Exception {
        Path dir = Files.createTempDirectory("latchkey-mem-");
        String prefix = "lkt:mem" + UUID.randomUUID().toString().substring(0, 8) + ":";
        Process server = null;
        try (TestDatabase db = TestDatabase.create("filesmem")) {
            Path log = dir.resolve("server.log");
            server = startServer(db, dir, prefix, log);
            int port = awaitPort(server, log);
            Api api = new Api("http://127.0.0.1:" + port);

            String admin = api.json("POST", "/auth/token", null, new JsonObject().put("username", "mem_admin")
                    .put("password", "mem-admin-password")).getString("access_token");
            String product = api.json("POST", "/api/v1/admin/products", admin, new JsonObject().put("name", "Big")).getString("id");
            api.json("POST", "/api/v1/admin/users", admin, new JsonObject().put("username", "mem_user")
                    .put("password", "mem-user-password").put("max_devices", 2));
            String key = api.json("POST", "/api/v1/admin/licenses", admin, new JsonObject().put("product_id", product))
                    .getJsonArray("licenses").getJsonObject(0).getString("key");
            JsonObject pair = api.json("POST", "/auth/client/login", null, new JsonObject().put("username", "mem_user")
                    .put("password", "mem-user-password").put("hwid", Hwids.machine("mem")));
            String token = pair.getString("access_token");
            api.json("POST", "/api/v1/licenses/redeem", token, new JsonObject().put("license_key", key));
            api.json("POST", "/api/v1/heartbeat", token, new JsonObject());

            GeneratedStream body = new GeneratedStream(SIZE);
            long cpu0 = cpuTicks(server);
            long t0 = System.nanoTime();
            HttpResponse<String> up = api.client.send(HttpRequest.newBuilder(api.uri("/api/v1/admin/files?product_id=" + product
                            + "&name=big.bin&version=1"))
                    .header("Authorization", "Bearer " + admin).header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> body), SIZE))
                    .build(), HttpResponse.BodyHandlers.ofString());
            double upSeconds = (System.nanoTime() - t0) / 1e9;
            long upCpu = cpuTicks(server) - cpu0;
            assertEquals(201, up.statusCode(), up.body());
            JsonObject stored = new JsonObject(up.body());
            String sent = body.sha256Hex();
            assertEquals(SIZE, stored.getLong("size"));
            assertEquals(sent, stored.getString("sha256"));
            String fileId = stored.getString("id");

            long cpu1 = cpuTicks(server);
            long t1 = System.nanoTime();
            HttpResponse<InputStream> down = api.client.send(HttpRequest.newBuilder(api.uri("/api/v1/files/" + fileId + "/download"))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, down.statusCode());
            assertEquals(ContainerFormat.containerLength(SIZE, ContainerFormat.DEFAULT_SEGMENT_SIZE),
                    Long.parseLong(down.headers().firstValue("Content-Length").orElseThrow()));
            Dek dek = UserKeyWrap.unwrap(down.headers().firstValue("X-Latchkey-Wrapped-Key").orElseThrow(), token,
                    UUID.fromString(pair.getString("user_id")), UUID.fromString(fileId));
            MessageDigest received = MessageDigest.getInstance("SHA-256");
            long plain = 0;
            try (InputStream in = new ContainerInputStream(down.body(), dek, UUID.fromString(fileId))) {
                byte[] buf = new byte[256 * 1024];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    received.update(buf, 0, n);
                    plain += n;
                }
            }
            double downSeconds = (System.nanoTime() - t1) / 1e9;
            long downCpu = cpuTicks(server) - cpu1;
            assertEquals(SIZE, plain);
            assertEquals(sent, HexFormat.of().formatHex(received.digest()));
            assertEquals(sent, down.headers().firstValue("X-Latchkey-Sha256").orElseThrow());

            long peakRssKib = peakRssKib(server);
            System.out.printf("upload memory bound: heap -Xmx256m, %d MiB; upload %.1f s (%.0f MB/s, server CPU %.1f s); "
                            + "download+decrypt %.1f s (%.0f MB/s, server CPU %.1f s); server peak RSS %d MiB%n",
                    SIZE >> 20, upSeconds, SIZE / 1e6 / upSeconds, upCpu / 100.0, downSeconds, SIZE / 1e6 / downSeconds,
                    downCpu / 100.0, peakRssKib / 1024);
            assertTrue(server.isAlive(), "the server survived (it exits on OutOfMemoryError)");
            try (var files = Files.list(dir.resolve("data/files"))) {
                assertEquals(List.of(fileId + ".lkc"), files.map(p -> p.getFileName().toString()).toList());
            }
        } finally {
            if (server != null) {
                server.destroy();
                if (!server.waitFor(30, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            }
            deleteTree(dir);
            deleteRedisKeys(prefix);
        }
    }

    private static void deleteRedisKeys(String prefix) {
        Vertx vertx = Vertx.vertx();
        try {
            var redis = io.vertx.redis.client.Redis.createClient(vertx, TestServer.REDIS);
            var keys = redis.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.KEYS, prefix + "*")).await();
            for (var k : keys) {
                redis.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.DEL, k.toString())).await();
            }
            redis.close();
        } catch (RuntimeException ignored) {
            // Leftovers carry a random prefix and cannot affect other tests.
        } finally {
            vertx.close().await();
        }
    }

    private static Process startServer(TestDatabase db, Path dir, String prefix, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), "dev.latchkey.server.Main"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("LATCHKEY_"));
        pb.environment().put("LATCHKEY_HTTP_HOST", "127.0.0.1");
        pb.environment().put("LATCHKEY_HTTP_PORT", "0");
        pb.environment().put("LATCHKEY_HTTP_INSTANCES", "2");
        pb.environment().put("LATCHKEY_PG_URI", db.uri());
        pb.environment().put("LATCHKEY_PG_POOL_SIZE", "4");
        pb.environment().put("LATCHKEY_REDIS_URI", TestServer.REDIS);
        pb.environment().put("LATCHKEY_REDIS_PREFIX", prefix);
        pb.environment().put("LATCHKEY_DATA_DIR", dir.resolve("data").toString());
        pb.environment().put("LATCHKEY_HASH_THREADS", "1");
        pb.environment().put("LATCHKEY_ADMIN_USERNAME", "mem_admin");
        pb.environment().put("LATCHKEY_ADMIN_PASSWORD", "mem-admin-password");
        return pb.start();
    }

    private static int awaitPort(Process server, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            Matcher m = LISTENING.matcher(text);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!server.isAlive()) {
                throw new AssertionError("the server exited: " + text);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server did not start: " + Files.readString(log, StandardCharsets.UTF_8));
    }

    /** User plus system CPU of the process so far, in clock ticks (1/100 s on Linux). */
    private static long cpuTicks(Process p) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static long peakRssKib(Process p) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + p.pid() + "/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1L);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Small JSON calls with the JDK client (no Vert.x in this test: the server is another process). */
    private static final class Api {
        final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        final String base;

        Api(String base) {
            this.base = base;
        }

        URI uri(String path) {
            return URI.create(base + path);
        }

        JsonObject json(String method, String path, String bearer, JsonObject body) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.encode()));
            if (bearer != null) {
                b.header("Authorization", "Bearer " + bearer);
            }
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(r.statusCode() / 100 == 2, method + " " + path + " -> " + r.statusCode() + " " + r.body());
            return r.body().isEmpty() ? new JsonObject() : new JsonObject(r.body());
        }
    }
}
