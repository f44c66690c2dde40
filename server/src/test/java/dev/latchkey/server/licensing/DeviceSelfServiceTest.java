package dev.latchkey.server.licensing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.server.support.Licensing;
import dev.latchkey.server.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class DeviceSelfServiceTest {

    private static TestServer t;
    private static Licensing lic;
    private static String product;

    @BeforeAll
    static void start(Vertx vertx) {
        t = TestServer.start(vertx, "selfservice");
        t.createUser("ss_admin", "admin-password-1", "admin");
        lic = new Licensing(t, t.adminToken("ss_admin", "admin-password-1"));
        product = lic.product("Seat Pro", new JsonObject());
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static HttpResponse<Buffer> deactivate(String access, String deviceId) {
        return t.withBearer(t.http.delete("/api/v1/devices/" + deviceId), access).send().await();
    }

    @Test
    @DisplayName("a user lists, renames and deactivates their devices; deactivating frees the seat for another machine")
    void deactivateFreesSeat() {
        JsonObject first = lic.userWithLicense("ss_free", product, new JsonObject().put("max_activations", 1), "pc-1");
        assertTrue(lic.heartbeat(first.getString("access_token")).getBoolean("valid"));
        JsonObject second = lic.login("ss_free", "pc-2");
        assertEquals("DEVICE_LIMIT_REACHED", lic.heartbeat(second.getString("access_token")).getString("code"));

        JsonObject list = t.get("/api/v1/devices", second.getString("access_token")).bodyAsJsonObject();
        assertEquals(2, list.getInteger("total"));
        assertTrue(list.getJsonArray("items").stream().map(JsonObject.class::cast)
                .anyMatch(d -> d.getBoolean("current") && d.getString("id").equals(second.getString("device_id"))));
        HttpResponse<Buffer> renamed = t.withBearer(t.http.patch("/api/v1/devices/" + first.getString("device_id")),
                second.getString("access_token")).sendJsonObject(new JsonObject().put("nickname", "Old laptop")).await();
        assertEquals("Old laptop", renamed.bodyAsJsonObject().getString("nickname"));

        HttpResponse<Buffer> off = deactivate(second.getString("access_token"), first.getString("device_id"));
        assertEquals(200, off.statusCode(), off.bodyAsString());
        assertEquals(1, off.bodyAsJsonObject().getInteger("seats_freed"));
        assertEquals("DEVICE_DEACTIVATED", lic.heartbeat(first.getString("access_token")).getString("code"));
        assertTrue(lic.heartbeat(second.getString("access_token")).getBoolean("valid"), "the freed seat is taken by pc-2");
        assertTrue(t.audit("device.deactivate").size() >= 1);
    }

    @Test
    @DisplayName("self-deactivation of a license's seat is allowed once per 24 h; an admin may always")
    void selfDeactivateCooldown() {
        JsonObject a = lic.userWithLicense("ss_cool", product, new JsonObject().put("max_activations", 5), "cool-1");
        lic.heartbeat(a.getString("access_token"));
        JsonObject b = lic.login("ss_cool", "cool-2");
        lic.heartbeat(b.getString("access_token"));
        JsonObject c = lic.login("ss_cool", "cool-3");
        lic.heartbeat(c.getString("access_token"));
        assertEquals(200, deactivate(c.getString("access_token"), a.getString("device_id")).statusCode());
        HttpResponse<Buffer> again = deactivate(c.getString("access_token"), b.getString("device_id"));
        assertEquals(429, again.statusCode(), again.bodyAsString());
        assertEquals("RATE_LIMITED", again.bodyAsJsonObject().getJsonObject("error").getString("code"));
        int retry = Integer.parseInt(again.getHeader("Retry-After"));
        assertTrue(retry > 86000 && retry <= 86400, "about a day: " + retry);
        HttpResponse<Buffer> admin = t.withBearer(t.http.delete("/api/v1/admin/devices/" + b.getString("device_id")), lic.admin())
                .send().await();
        assertEquals(200, admin.statusCode(), admin.bodyAsString());
        assertEquals(404, deactivate(c.getString("access_token"), java.util.UUID.randomUUID().toString()).statusCode());
    }

    @Test
    @DisplayName("a user cannot touch another user's device")
    void notOthersDevices() {
        JsonObject mine = lic.userWithLicense("ss_mine", product, new JsonObject(), "mine");
        JsonObject theirs = lic.userWithLicense("ss_theirs", product, new JsonObject(), "theirs");
        assertEquals(404, deactivate(mine.getString("access_token"), theirs.getString("device_id")).statusCode());
        assertEquals(404, t.withBearer(t.http.patch("/api/v1/devices/" + theirs.getString("device_id")), mine.getString("access_token"))
                .sendJsonObject(new JsonObject().put("nickname", "pwned")).await().statusCode());
    }

    @Test
    @DisplayName("a user resets their HWID once per 7 days; each change is in the HWID history")
    void selfHwidReset() {
        JsonObject pair = lic.userWithLicense("ss_reset", product, new JsonObject(), "reset-pc");
        lic.heartbeat(pair.getString("access_token"));
        HttpResponse<Buffer> r = t.withBearer(t.http.post("/api/v1/devices/hwid-reset"), pair.getString("access_token")).send().await();
        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals(1, r.bodyAsJsonObject().getInteger("devices_reset"));
        assertNotNull(r.bodyAsJsonObject().getString("next_reset_at"));
        assertEquals(401, t.get("/api/v1/me", pair.getString("access_token")).statusCode(), "desktop sessions end");
        JsonObject fresh = lic.login("ss_reset", "new-pc");
        assertTrue(lic.heartbeat(fresh.getString("access_token")).getBoolean("valid"), "the seat moved to the new machine");
        HttpResponse<Buffer> again = t.withBearer(t.http.post("/api/v1/devices/hwid-reset"), fresh.getString("access_token")).send().await();
        assertEquals(429, again.statusCode());
        assertTrue(Integer.parseInt(again.getHeader("Retry-After")) > 6 * 86400);
        var history = t.db.query("SELECT reason FROM hwid_history h JOIN users u ON u.id = h.user_id WHERE u.username = 'ss_reset' "
                + "ORDER BY h.id");
        assertTrue(history.stream().anyMatch(h -> "user_reset".equals(h.get("reason"))), history.toString());
        assertFalse(t.audit("device.hwid_reset").isEmpty());
    }
}
