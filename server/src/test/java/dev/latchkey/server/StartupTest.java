package dev.latchkey.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.server.support.TestDatabase;
import dev.latchkey.server.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The process as an operator runs it: exit codes and one-line messages. */
@ExtendWith(VertxExtension.class)
class StartupTest {

    record Run(int exit, String stdout, String stderr) {
    }

    private static Run run(Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var cmd = new java.util.ArrayList<String>(java.util.List.of(javaBin, "-cp", System.getProperty("java.class.path"),
                "dev.latchkey.server.Main"));
        cmd.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("LATCHKEY_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("process did not exit");
        }
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("PostgreSQL unreachable: one clear line naming the URI (password hidden), exit code 1")
    void postgresUnreachable(@TempDir Path dir) throws Exception {
        Run r = run(Map.of("LATCHKEY_PG_URI", "postgresql://postgres:hunter2@127.0.0.1:1/latchkey",
                "LATCHKEY_DATA_DIR", dir.toString(), "LATCHKEY_HTTP_PORT", "0"), null);
        assertEquals(1, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("latchkey: Cannot connect to or migrate PostgreSQL at postgresql://postgres:***@127.0.0.1:1/latchkey"), r.stderr());
        assertFalse(r.stderr().contains("hunter2"));
    }

    @Test
    @DisplayName("Redis unreachable: one clear line naming the URI, exit code 1")
    void redisUnreachable(@TempDir Path dir) throws Exception {
        try (TestDatabase db = TestDatabase.create("redisdown")) {
            Run r = run(Map.of("LATCHKEY_PG_URI", db.uri(), "LATCHKEY_REDIS_URI", "redis://127.0.0.1:1",
                    "LATCHKEY_DATA_DIR", dir.toString(), "LATCHKEY_HTTP_PORT", "0"), null);
            assertEquals(1, r.exit(), r.stderr());
            assertTrue(r.stderr().contains("latchkey: Cannot connect to Redis at redis://127.0.0.1:1"), r.stderr());
        }
    }

    @Test
    @DisplayName("a short configured secret stops the start with a one-line message")
    void shortSecret(@TempDir Path dir) throws Exception {
        Run r = run(Map.of("LATCHKEY_JWT_SECRET", "c2hvcnQ=", "LATCHKEY_DATA_DIR", dir.toString()), null);
        assertEquals(1, r.exit());
        assertTrue(r.stderr().contains("latchkey: LATCHKEY_JWT_SECRET must be base64 of at least 32 bytes (got 5)"), r.stderr());
    }

    @Test
    @DisplayName("create-admin reads the password from stdin and creates an administrator who can then get a token")
    void createAdmin(@TempDir Path dir, Vertx vertx) throws Exception {
        try (TestDatabase db = TestDatabase.create("createadmin")) {
            Map<String, String> env = Map.of("LATCHKEY_PG_URI", db.uri(), "LATCHKEY_REDIS_URI", TestServer.REDIS,
                    "LATCHKEY_DATA_DIR", dir.toString());
            Run r = run(env, "cli-admin-password\n", "create-admin", "--username", "cli_admin");
            assertEquals(0, r.exit(), r.stderr());
            assertTrue(r.stdout().startsWith("Created administrator cli_admin"), r.stdout());
            assertFalse(r.stdout().contains("cli-admin-password") || r.stderr().contains("cli-admin-password"));
            var row = db.query("SELECT role, password_hash FROM users WHERE username = 'cli_admin'").get(0);
            assertEquals("admin", row.get("role"));
            assertTrue(((String) row.get("password_hash")).startsWith("$argon2id$"));
            Run dup = run(env, "cli-admin-password\n", "create-admin", "--username", "CLI_ADMIN");
            assertEquals(1, dup.exit());
            assertTrue(dup.stderr().contains("already taken"), dup.stderr());
            Run weak = run(env, "short\n", "create-admin", "--username", "other_admin");
            assertEquals(1, weak.exit());
            assertTrue(weak.stderr().contains("password must be 8 to 1024 characters"), weak.stderr());
        }
    }

    @Test
    @DisplayName("LATCHKEY_ADMIN_USERNAME/PASSWORD create the first admin on start, and only while no admin exists")
    void bootstrapAdmin(Vertx vertx) {
        JsonObject env = new JsonObject().put("LATCHKEY_ADMIN_USERNAME", "first_admin").put("LATCHKEY_ADMIN_PASSWORD", "first-admin-pw");
        try (TestServer t = TestServer.start(vertx, "bootstrap", env)) {
            assertEquals(200, t.postJson("/auth/token", new JsonObject().put("username", "first_admin")
                    .put("password", "first-admin-pw")).statusCode());
            var again = t.services().users().bootstrapAdmin(java.util.Optional.of("second_admin"),
                    java.util.Optional.of("second-admin-pw")).await();
            assertTrue(again.isEmpty());
            assertEquals(1L, t.db.query("SELECT count(*) AS n FROM users WHERE role = 'admin'").get(0).get("n"));
            assertFalse(t.audit("user.create").isEmpty());
        }
    }

    @Test
    @DisplayName("the data directory keeps generated secrets across restarts: tokens issued before a restart still verify")
    void secretsSurviveRestart(Vertx vertx) throws Exception {
        Path dir = Files.createTempDirectory("latchkey-restart-");
        try (TestDatabase db = TestDatabase.create("restart")) {
            JsonObject cfg = dev.latchkey.server.config.ConfigLoader.defaults().put("LATCHKEY_HTTP_PORT", 0)
                    .put("LATCHKEY_HTTP_INSTANCES", 1).put("LATCHKEY_PG_URI", db.uri()).put("LATCHKEY_REDIS_URI", TestServer.REDIS)
                    .put("LATCHKEY_REDIS_PREFIX", "lkt:restart:" + System.nanoTime() + ":").put("LATCHKEY_DATA_DIR", dir.toString())
                    .put("LATCHKEY_ADMIN_USERNAME", "restart_admin").put("LATCHKEY_ADMIN_PASSWORD", "restart-admin-pw");
            var config = dev.latchkey.server.config.ConfigLoader.parse(cfg);
            LatchkeyServer first = LatchkeyServer.start(vertx, config).await();
            var client = io.vertx.ext.web.client.WebClient.create(vertx);
            String token = client.post(first.port(), "127.0.0.1", "/auth/token").sendJsonObject(new JsonObject()
                    .put("username", "restart_admin").put("password", "restart-admin-pw")).await().bodyAsJsonObject().getString("access_token");
            first.stop().await();
            LatchkeyServer second = LatchkeyServer.start(vertx, config).await();
            try {
                assertEquals(200, client.get(second.port(), "127.0.0.1", "/api/v1/me").putHeader("Authorization", "Bearer " + token)
                        .send().await().statusCode());
            } finally {
                second.stop().await();
                client.close();
            }
        }
    }
}
