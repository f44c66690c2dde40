package dev.latchkey.server.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.latchkey.protocol.license.LicenseKeyFormat;
import dev.latchkey.server.accounts.User;
import dev.latchkey.server.accounts.UserService;
import dev.latchkey.server.http.ClientInfo;
import dev.latchkey.server.licensing.ProductService;
import dev.latchkey.server.protection.Cidr;
import dev.latchkey.server.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dashboard in a real browser: headless Debian Chromium ({@code /usr/bin/chromium}, or
 * {@code LATCHKEY_CHROMIUM}) driven by playwright-core from {@code web-admin/e2e} (installed with
 * {@code npm ci} there when missing). The script signs in, watches a desktop sign-in arrive in the live feed,
 * generates licenses and downloads the CSV, blocks a user, uploads a file, switches to Korean, and saves
 * screenshots under {@code server/target/dashboard-screenshots/}; this class checks the server's side.
 */
@ExtendWith(VertxExtension.class)
class DashboardBrowserTest {

    private static final String PASSWORD = "admin password 3";
    private static final Path E2E = Path.of(System.getProperty("user.dir")).resolve("../web-admin/e2e").normalize();
    private static final Path SHOTS = Path.of(System.getProperty("user.dir"), "target", "dashboard-screenshots");
    private static TestServer t;
    private static User victim;

    @BeforeAll
    static void start(Vertx vertx) throws Exception {
        installPlaywright();
        t = TestServer.start(vertx, "dashe2e");
        t.createUser("dash_admin", PASSWORD, "admin");
        t.createUser("desk_user", "desk password 1", "user");
        victim = t.createUser("mallory", "mallory password", "user");
        t.createUser("trent_vip", "trent password 1", "vip");
        UserService.Actor actor = new UserService.Actor(null, "test", ClientInfo.local("test"));
        t.services().licensing().products().create(ProductService.Settings.validate("Acme Studio", "Desktop suite", 60, 1800,
                true, 3600), actor).await();
        t.services().licensing().products().create(ProductService.Settings.validate("Acme CLI", null, null, null, null, null),
                actor).await();
        var protection = t.services().protection();
        protection.blocks().insert(Cidr.parse("198.51.100.0/24"), "credential stuffing", false, null, null).await();
        protection.blocks().insert(Cidr.parse("203.0.113.7"), "50 failed sign-ins within 10 minutes", true,
                OffsetDateTime.now(ZoneOffset.UTC).plusHours(1), null).await();
        protection.blocklist().reload().await();
    }

    @AfterAll
    static void stop() {
        if (t != null) {
            t.close();
        }
    }

    private static String chromium() {
        String configured = System.getenv("LATCHKEY_CHROMIUM");
        return configured == null || configured.isBlank() ? "/usr/bin/chromium" : configured;
    }

    /** {@code npm ci} in web-admin/e2e when playwright-core is not there yet (node_modules is not committed). */
    private static void installPlaywright() throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(chromium()))) {
            fail("Chromium is required for the dashboard browser test: apt-get install -y chromium (or set LATCHKEY_CHROMIUM)");
        }
        if (Files.isDirectory(E2E.resolve("node_modules/playwright-core"))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(E2E.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        if (!npm.waitFor(180, TimeUnit.SECONDS)) {
            npm.destroyForcibly();
            fail("npm ci in " + E2E + " did not finish");
        }
        assertEquals(0, npm.exitValue(), "npm ci in " + E2E);
    }

    @Test
    @DisplayName("in Chromium: sign in, a desktop sign-in appears live within 2 s, licenses download as CSV, a user is blocked, "
            + "an upload's progress bar finishes, and the Korean switch translates the page")
    void dashboardInBrowser() throws Exception {
        Files.createDirectories(SHOTS);
        ProcessBuilder pb = new ProcessBuilder("node", "dashboard.e2e.mjs").directory(E2E.toFile());
        Map<String, String> env = pb.environment();
        env.put("LK_BASE_URL", "http://127.0.0.1:" + t.server.port());
        env.put("LK_ADMIN_USER", "dash_admin");
        env.put("LK_ADMIN_PASSWORD", PASSWORD);
        env.put("LK_DESK_USER", "desk_user");
        env.put("LK_DESK_PASSWORD", "desk password 1");
        env.put("LK_VICTIM_ID", victim.id().toString());
        env.put("LK_SCREENSHOTS", SHOTS.toString());
        env.put("LK_CHROMIUM", chromium());
        Path log = Files.createTempFile("dashboard-e2e", ".log");
        Process node = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = node.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            node.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        System.out.println(output);
        assertTrue(finished, "the browser script finished in time:\n" + output);
        assertEquals(0, node.exitValue(), output);

        String last = output.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow();
        JsonObject r = new JsonObject(last);
        assertTrue(r.getBoolean("ok"));
        assertTrue(r.getLong("feed_ms") < 2000, "feed latency " + r.getLong("feed_ms"));
        assertEquals(5, r.getInteger("csv_rows"));
        assertTrue(r.getJsonArray("upload_percents").contains("100%"), r.encode());

        List<String> csv = Files.readAllLines(SHOTS.resolve("licenses.csv"));
        for (String row : csv.subList(1, csv.size())) {
            String key = row.split(",")[1];
            assertTrue(LicenseKeyFormat.canonical(key).isPresent(), "a valid license key: " + key);
        }
        assertEquals(5L, t.db.query("SELECT count(*) AS n FROM licenses WHERE note = 'e2e batch' AND max_activations = 2 "
                + "AND duration_days = 365 AND features = '{pro,beta}'").get(0).get("n"));
        assertEquals(Boolean.TRUE, t.db.query("SELECT blocked FROM users WHERE id = ?", victim.id()).get(0).get("blocked"));
        assertEquals(1, t.audit("user.block").size());
        var files = t.db.query("SELECT name, version, size, status FROM files");
        assertEquals(1, files.size(), files.toString());
        assertEquals(6L * 1024 * 1024, ((Number) files.get(0).get("size")).longValue());
        assertEquals(0L, t.db.query("SELECT count(*) AS n FROM sessions WHERE kind = 'api' AND revoked_at IS NULL")
                .get(0).get("n"), "the upload's bridge session was ended");
        JsonArray shots = r.getJsonArray("shots");
        assertTrue(shots.size() >= 14, shots.encode());
        for (Object s : shots) {
            assertTrue(Files.size(Path.of((String) s)) > 10_000, s + " is a real screenshot");
        }
    }
}
