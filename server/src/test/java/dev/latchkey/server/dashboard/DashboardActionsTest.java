package dev.latchkey.server.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.protocol.license.LicenseKeyFormat;
import dev.latchkey.server.accounts.User;
import dev.latchkey.server.support.Hwids;
import dev.latchkey.server.support.TestServer;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every dashboard action over HTTP, as a browser's forms send them: each must change the same rows, and leave
 * the same audit event, as the REST API does.
 */
@ExtendWith(VertxExtension.class)
class DashboardActionsTest {

    private static final String PASSWORD = "admin password 4";
    private static TestServer t;
    private static Browser admin;

    @BeforeAll
    static void start(Vertx vertx) {
        t = TestServer.start(vertx, "dashact");
        t.createUser("act_admin", PASSWORD, "admin");
        admin = Browser.signIn(t, "act_admin", PASSWORD);
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static MultiMap form(String... pairs) {
        MultiMap m = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < pairs.length; i += 2) {
            m.add(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static void done(HttpResponse<Buffer> r) {
        assertEquals(303, r.statusCode(), r.bodyAsString());
    }

    private static Map<String, Object> row(String sql, Object... args) {
        List<Map<String, Object>> rows = t.db.query(sql, args);
        assertEquals(1, rows.size(), sql);
        return rows.get(0);
    }

    private static String productId(String name) {
        return row("SELECT id::text AS id FROM products WHERE name = ?", name).get("id").toString();
    }

    @Test
    @DisplayName("users: create, change role and limit, block, unblock, reset devices, end sessions; the next page shows the result")
    void users() {
        done(admin.postWithToken("/admin/users", form("username", "act_new", "password", "new user password", "email", "n@example.com",
                "role", "vip", "max_devices", "2")));
        Map<String, Object> u = row("SELECT id::text AS id, role, max_devices FROM users WHERE username = 'act_new'");
        assertEquals("vip", u.get("role"));
        String id = u.get("id").toString();
        done(admin.postWithToken("/admin/users/" + id, form("role", "user", "max_devices", "5", "back", "/admin/users/" + id)));
        assertEquals(5, row("SELECT max_devices FROM users WHERE id = ?::uuid", id).get("max_devices"));
        HttpResponse<Buffer> page = admin.get("/admin/users/" + id);
        assertTrue(page.bodyAsString().contains("User updated."), "the flash message is shown once");
        assertFalse(admin.get("/admin/users/" + id).bodyAsString().contains("User updated."));

        t.postJson("/auth/client/login", new JsonObject().put("username", "act_new").put("password", "new user password")
                .put("hwid", Hwids.machine("act-new")));
        done(admin.postWithToken("/admin/users/" + id + "/hwid-reset", form()));
        assertEquals(0L, row("SELECT count(*) AS n FROM devices WHERE user_id = ?::uuid AND deactivated_at IS NULL", id).get("n"));
        t.postJson("/auth/client/login", new JsonObject().put("username", "act_new").put("password", "new user password")
                .put("hwid", Hwids.machine("act-new-2")));
        done(admin.postWithToken("/admin/users/" + id + "/sessions/revoke", form()));
        assertEquals(0L, row("SELECT count(*) AS n FROM sessions WHERE user_id = ?::uuid AND revoked_at IS NULL", id).get("n"));
        done(admin.postWithToken("/admin/users/" + id + "/block", form()));
        done(admin.postWithToken("/admin/users/" + id + "/unblock", form()));
        assertEquals(Boolean.FALSE, row("SELECT blocked FROM users WHERE id = ?::uuid", id).get("blocked"));
        for (String action : List.of("user.create", "user.update", "user.hwid_reset", "session.revoke_all", "user.block", "user.unblock")) {
            assertFalse(t.audit(action).isEmpty(), action);
        }

        HttpResponse<Buffer> taken = admin.postWithToken("/admin/users", form("username", "act_new", "password", "another password",
                "back", "/admin/users"));
        done(taken);
        assertTrue(admin.get("/admin/users").bodyAsString().contains("flash-error"), "a refused action comes back as a message");

        HttpResponse<Buffer> self = admin.postWithToken("/admin/users/" + row("SELECT id::text AS id FROM users WHERE username = "
                + "'act_admin'").get("id") + "/block", form());
        done(self);
        assertEquals(Boolean.FALSE, row("SELECT blocked FROM users WHERE username = 'act_admin'").get("blocked"));

        HttpResponse<Buffer> list = admin.get("/admin/users?q=act_&sort=username&dir=asc&filter=all");
        assertEquals(200, list.statusCode());
        String html = list.bodyAsString();
        assertTrue(html.indexOf("act_admin") < html.indexOf("act_new"), "sorted by username");
    }

    @Test
    @DisplayName("licenses: a batch comes back as CSV with valid keys; suspend, reinstate, extend, change seats and revoke work")
    void licenses() {
        done(admin.postWithToken("/admin/products", form("name", "Act Product", "heartbeat_interval", "120", "grace_period", "900",
                "seat_timeout", "3600", "free_seats", "on", "description", "for the action test")));
        String product = productId("Act Product");
        assertEquals(Boolean.TRUE, row("SELECT free_seats FROM products WHERE id = ?::uuid", product).get("free_seats"));
        done(admin.postWithToken("/admin/products/" + product, form("name", "Act Product", "heartbeat_interval", "60",
                "grace_period", "900", "seat_timeout", "3600")));
        assertEquals(60, row("SELECT heartbeat_interval FROM products WHERE id = ?::uuid", product).get("heartbeat_interval"));

        HttpResponse<Buffer> csv = admin.withCookie(t.http.post("/admin/licenses")).putHeader("Accept", "text/csv")
                .putHeader("X-CSRF-Token", admin.csrf()).sendForm(form("product_id", product, "count", "3", "max_activations", "1",
                        "expiry", "duration", "duration_days", "30", "features", "pro, offline", "note", "+csv")).await();
        assertEquals(201, csv.statusCode(), csv.bodyAsString());
        assertTrue(csv.getHeader("Content-Type").startsWith("text/csv"));
        assertTrue(csv.getHeader("Content-Disposition").startsWith("attachment"));
        List<String> lines = csv.bodyAsString().lines().toList();
        assertEquals(4, lines.size());
        for (String line : lines.subList(1, 4)) {
            assertTrue(LicenseKeyFormat.canonical(line.split(",")[1]).isPresent(), line);
            assertTrue(line.endsWith(",\"'+csv\""), "a spreadsheet formula is defused: " + line);
        }
        HttpResponse<Buffer> invalid = admin.withCookie(t.http.post("/admin/licenses")).putHeader("Accept", "text/csv")
                .putHeader("X-CSRF-Token", admin.csrf()).sendForm(form("product_id", product, "count", "0")).await();
        assertEquals(400, invalid.statusCode(), "the page's script gets a JSON error");
        assertTrue(invalid.bodyAsString().contains("VALIDATION_FAILED"));

        String license = row("SELECT id::text AS id FROM licenses WHERE product_id = ?::uuid LIMIT 1", product).get("id").toString();
        String path = "/admin/licenses/" + license;
        done(admin.postWithToken(path + "/status", form("status", "suspended")));
        assertEquals("suspended", row("SELECT status FROM licenses WHERE id = ?::uuid", license).get("status"));
        done(admin.postWithToken(path + "/status", form("status", "active")));
        done(admin.postWithToken(path + "/extend", form("days", "10")));
        assertNotNull(row("SELECT expires_at FROM licenses WHERE id = ?::uuid", license).get("expires_at"));
        done(admin.postWithToken(path + "/seats", form("max_activations", "4")));
        assertEquals(4, row("SELECT max_activations FROM licenses WHERE id = ?::uuid", license).get("max_activations"));
        done(admin.postWithToken(path + "/status", form("status", "revoked")));
        assertEquals("revoked", row("SELECT status FROM licenses WHERE id = ?::uuid", license).get("status"));
        done(admin.postWithToken(path + "/status", form("status", "active")));
        assertEquals("revoked", row("SELECT status FROM licenses WHERE id = ?::uuid", license).get("status"), "revocation is final");
        for (String action : List.of("product.create", "product.update", "license.issue", "license.suspend", "license.reinstate",
                "license.extend", "license.update", "license.revoke")) {
            assertFalse(t.audit(action).isEmpty(), action);
        }
        assertEquals(200, admin.get(path).statusCode());
        assertTrue(admin.get("/admin/licenses?status=revoked&product=" + product).bodyAsString().contains(license));
    }

    @Test
    @DisplayName("devices, sessions and blocklists: deactivate, blacklist, end a session, block and unblock an address")
    void devicesSessionsBlocks() {
        User dora = t.createUser("act_dora", "dora password 1", "user");
        t.postJson("/auth/client/login", new JsonObject().put("username", "act_dora").put("password", "dora password 1")
                .put("hwid", Hwids.machine("dora-1")));
        t.postJson("/auth/client/login", new JsonObject().put("username", "act_dora").put("password", "dora password 1")
                .put("hwid", Hwids.machine("dora-2")));
        List<Map<String, Object>> devices = t.db.query("SELECT id::text AS id FROM devices WHERE user_id = ? ORDER BY created_at", dora.id());
        assertEquals(2, devices.size());
        assertTrue(admin.get("/admin/devices?state=online").bodyAsString().contains("act_dora"));
        done(admin.postWithToken("/admin/devices/" + devices.get(0).get("id") + "/deactivate", form()));
        done(admin.postWithToken("/admin/devices/" + devices.get(1).get("id") + "/blacklist", form("reason", "stolen")));
        assertEquals(0L, row("SELECT count(*) AS n FROM devices WHERE user_id = ? AND deactivated_at IS NULL", dora.id()).get("n"));
        String entry = row("SELECT id::text AS id FROM hwid_blacklist WHERE reason = 'stolen'").get("id").toString();
        done(admin.postWithToken("/admin/hwid-blacklist/" + entry + "/delete", form()));
        assertEquals(0L, row("SELECT count(*) AS n FROM hwid_blacklist").get("n"));

        Browser other = Browser.signIn(t, "act_admin", PASSWORD);
        String session = row("SELECT id::text AS id FROM sessions WHERE kind = 'web' AND revoked_at IS NULL "
                + "ORDER BY created_at DESC LIMIT 1").get("id").toString();
        assertTrue(admin.get("/admin/sessions?kind=web").bodyAsString().contains(session));
        done(admin.postWithToken("/admin/sessions/" + session + "/revoke", form()));
        assertEquals(303, other.get("/admin").statusCode(), "the ended session no longer opens the dashboard");

        done(admin.postWithToken("/admin/blocklist", form("cidr", "192.0.2.0/24", "reason", "scanner", "hours", "2")));
        assertNotNull(t.services().protection().blocklist().blocking("192.0.2.9"), "the node's in-memory blocklist was reloaded");
        String block = row("SELECT id::text AS id FROM ip_blocks WHERE reason = 'scanner'").get("id").toString();
        assertTrue(admin.get("/admin/blocklist").bodyAsString().contains("192.0.2.0/24"));
        done(admin.postWithToken("/admin/blocklist/" + block + "/delete", form()));
        assertNull(t.services().protection().blocklist().blocking("192.0.2.9"));
        HttpResponse<Buffer> own = admin.postWithToken("/admin/blocklist", form("cidr", "127.0.0.0/8"));
        done(own);
        assertEquals(0L, row("SELECT count(*) AS n FROM ip_blocks WHERE cidr = '127.0.0.0/8'::cidr").get("n"),
                "an admin cannot block their own address");
        assertEquals(0L, row("SELECT count(*) AS n FROM ip_blocks").get("n"));
        for (String action : List.of("device.deactivate", "hwid.blacklist", "hwid.unblacklist", "session.revoke", "ip.block", "ip.unblock")) {
            assertFalse(t.audit(action).isEmpty(), action);
        }
    }

    @Test
    @DisplayName("audit log: filters by actor name, action prefix and time, and exports the same filter as CSV")
    void audit() {
        t.createUser("act_audited", "audited password", "user");
        HttpResponse<Buffer> page = admin.get("/admin/audit?action=user&actor=test");
        assertEquals(200, page.statusCode());
        assertTrue(page.bodyAsString().contains("act_audited"));
        HttpResponse<Buffer> none = admin.get("/admin/audit?action=user&since=2999-01-01T00:00:00Z");
        assertTrue(none.bodyAsString().contains("No events match."));
        HttpResponse<Buffer> csv = admin.get("/admin/audit.csv?action=user.create&actor=test");
        assertEquals(200, csv.statusCode());
        assertTrue(csv.getHeader("Content-Type").startsWith("text/csv"));
        assertTrue(csv.bodyAsString().startsWith("occurred_at,action,outcome,actor_id,actor,"));
        assertTrue(csv.bodyAsString().contains("act_audited"));
        assertFalse(csv.bodyAsString().contains("auth.login"), "only the filtered action");
        assertEquals(400, admin.get("/admin/audit?since=yesterday").statusCode());
    }

    @Test
    @DisplayName("files: an upload through the dashboard is stored by the files feature; yank, move and delete go through it too")
    void files() {
        done(admin.postWithToken("/admin/products", form("name", "File Product", "heartbeat_interval", "300", "grace_period", "1800",
                "seat_timeout", "86400")));
        String product = productId("File Product");
        byte[] body = new byte[200_000];
        new java.util.Random(7).nextBytes(body);
        HttpResponse<Buffer> up = admin.withCookie(t.http.post("/admin/files/upload?product_id=" + product
                        + "&name=tool.zip&version=1.0&channel=beta")).putHeader("X-CSRF-Token", admin.csrf())
                .putHeader("Content-Type", "application/octet-stream").putHeader("Accept", "application/json")
                .sendBuffer(Buffer.buffer(body)).await();
        assertEquals(201, up.statusCode(), up.bodyAsString());
        String id = up.bodyAsJsonObject().getString("id");
        assertEquals(200_000L, up.bodyAsJsonObject().getLong("size"));
        HttpResponse<Buffer> noToken = admin.withCookie(t.http.post("/admin/files/upload?product_id=" + product
                        + "&name=tool.zip&version=2.0")).putHeader("Content-Type", "application/octet-stream")
                .putHeader("Accept", "application/json").sendBuffer(Buffer.buffer(body)).await();
        assertEquals(403, noToken.statusCode());
        assertTrue(admin.get("/admin/files?channel=beta").bodyAsString().contains("tool.zip"));

        HttpResponse<Buffer> yank = admin.withCookie(t.http.post("/admin/files/" + id + "/update")).putHeader("X-CSRF-Token", admin.csrf())
                .putHeader("Accept", "application/json").sendJsonObject(new JsonObject().put("status", "yanked")).await();
        assertEquals(200, yank.statusCode(), yank.bodyAsString());
        assertEquals("yanked", row("SELECT status FROM files WHERE id = ?::uuid", id).get("status"));
        HttpResponse<Buffer> move = admin.withCookie(t.http.post("/admin/files/" + id + "/update")).putHeader("X-CSRF-Token", admin.csrf())
                .putHeader("Accept", "application/json").sendJsonObject(new JsonObject().put("channel", "stable")).await();
        assertEquals(200, move.statusCode(), move.bodyAsString());
        HttpResponse<Buffer> delete = admin.withCookie(t.http.post("/admin/files/" + id + "/delete")).putHeader("X-CSRF-Token", admin.csrf())
                .putHeader("Accept", "application/json").send().await();
        assertEquals(204, delete.statusCode(), delete.bodyAsString());
        assertEquals(0L, row("SELECT count(*) AS n FROM files").get("n"));
        Object adminId = row("SELECT id FROM users WHERE username = 'act_admin'").get("id");
        for (String action : List.of("file.upload", "file.update", "file.delete")) {
            assertEquals(adminId, t.audit(action).get(0).get("actor_id"), action + " is audited as the signed-in admin");
        }
        assertEquals(0L, row("SELECT count(*) AS n FROM sessions WHERE kind = 'api' AND revoked_at IS NULL").get("n"),
                "every bridge session was ended");
    }
}
