package dev.latchkey.server.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.server.accounts.User;
import dev.latchkey.server.support.Hwids;
import dev.latchkey.server.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class DeviceBindingTest {

    private static final String PASSWORD = "device-password-1";
    private static TestServer t;
    private static String adminToken;

    @BeforeAll
    static void start(Vertx vertx) {
        t = TestServer.start(vertx, "devices");
        t.createUser("dev_admin", "admin-password-1", "admin");
        adminToken = t.adminToken("dev_admin", "admin-password-1");
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static HttpResponse<Buffer> login(String user, Object hwid) {
        return t.postJson("/auth/client/login", new JsonObject().put("username", user).put("password", PASSWORD).put("hwid", hwid));
    }

    private static String deviceOf(HttpResponse<Buffer> r) {
        assertEquals(200, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject().getString("device_id");
    }

    @Test
    @DisplayName("a machine with one of five parts replaced (4/5 equal) is recognised; its stored parts and history update")
    void fourOfFiveRecognised() {
        User u = t.createUser("eve_four", PASSWORD, "user", 3);
        String first = deviceOf(login("eve_four", Hwids.of("c", "b", "d", "m", "id")));
        String again = deviceOf(login("eve_four", Hwids.of("c", "b", "NEW-DISK", "m", "id")));
        assertEquals(first, again);
        assertEquals(1L, t.db.query("SELECT count(*) AS n FROM devices WHERE user_id = ?", u.id()).get(0).get("n"));
        String stored = (String) t.db.query("SELECT components->>'disk' AS d FROM devices WHERE id = ?::uuid", first).get(0).get("d");
        assertEquals(dev.latchkey.protocol.hwid.HwidComponents.sha256Hex("NEW-DISK"), stored);
        var history = t.db.query("SELECT reason FROM hwid_history WHERE device_id = ?::uuid ORDER BY id", first);
        assertEquals(List.of("registered", "hwid_changed"), history.stream().map(r -> r.get("reason")).toList());
        assertTrue(t.audit("device.hwid_changed").stream().anyMatch(r -> first.equals(r.get("target_id"))));
    }

    @Test
    @DisplayName("a machine sharing only 2 of 5 parts is a new device")
    void twoOfFiveIsNewDevice() {
        t.createUser("eve_two", PASSWORD, "user", 3);
        String first = deviceOf(login("eve_two", Hwids.of("c", "b", "d", "m", "id")));
        String other = deviceOf(login("eve_two", Hwids.of("c", "b", "X", "Y", "Z")));
        assertNotEquals(first, other);
    }

    @Test
    @DisplayName("a device beyond max_devices is refused with DEVICE_LIMIT_REACHED; known devices still sign in")
    void deviceLimit() {
        User u = t.createUser("eve_limit", PASSWORD, "user", 2);
        String a = deviceOf(login("eve_limit", Hwids.machine("a")));
        deviceOf(login("eve_limit", Hwids.machine("b")));
        HttpResponse<Buffer> third = login("eve_limit", Hwids.machine("c"));
        assertEquals(403, third.statusCode());
        assertEquals("DEVICE_LIMIT_REACHED", third.bodyAsJsonObject().getJsonObject("error").getString("code"));
        assertEquals(a, deviceOf(login("eve_limit", Hwids.machine("a"))));
        assertTrue(t.audit("auth.client_login").stream().anyMatch(r -> "denied".equals(r.get("outcome"))
                && u.id().equals(r.get("actor_id")) && String.valueOf(r.get("details")).contains("DEVICE_LIMIT_REACHED")));
    }

    @Test
    @DisplayName("many new machines signing in at once never exceed the limit")
    void parallelNewDevicesRespectLimit() {
        User u = t.createUser("eve_race", PASSWORD, "user", 3);
        List<Future<HttpResponse<Buffer>>> all = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            all.add(t.http.post("/auth/client/login").sendJsonObject(new JsonObject().put("username", "eve_race")
                    .put("password", PASSWORD).put("hwid", Hwids.machine("race-" + i))));
        }
        Future.join(all).await();
        long ok = all.stream().filter(f -> f.result().statusCode() == 200).count();
        assertEquals(3, ok);
        all.stream().filter(f -> f.result().statusCode() != 200)
                .forEach(f -> assertEquals("DEVICE_LIMIT_REACHED", f.result().bodyAsJsonObject().getJsonObject("error").getString("code")));
        assertEquals(3L, t.db.query("SELECT count(*) AS n FROM devices WHERE user_id = ? AND deactivated_at IS NULL", u.id()).get(0).get("n"));
    }

    @Test
    @DisplayName("a plain-string HWID works as a single component")
    void plainStringHwid() {
        t.createUser("eve_plain", PASSWORD, "user", 3);
        String a = deviceOf(login("eve_plain", "LEGACY-MACHINE-ID-1"));
        assertEquals(a, deviceOf(login("eve_plain", "LEGACY-MACHINE-ID-1")));
        assertNotEquals(a, deviceOf(login("eve_plain", "LEGACY-MACHINE-ID-2")));
    }

    @Test
    @DisplayName("a malformed HWID is VALIDATION_FAILED")
    void malformedHwid() {
        t.createUser("eve_bad", PASSWORD, "user", 3);
        HttpResponse<Buffer> r = login("eve_bad", new JsonObject().put("cpu", "not-a-hash"));
        assertEquals(400, r.statusCode());
        assertEquals(400, t.postJson("/auth/client/login", new JsonObject().put("username", "eve_bad").put("password", PASSWORD)).statusCode());
    }

    @Test
    @DisplayName("an admin HWID reset frees every device, ends desktop sessions, and is kept in history and audit")
    void adminHwidReset() {
        User u = t.createUser("eve_reset", PASSWORD, "user", 1);
        HttpResponse<Buffer> r = login("eve_reset", Hwids.machine("old-pc"));
        String access = r.bodyAsJsonObject().getString("access_token");
        assertEquals(403, login("eve_reset", Hwids.machine("new-pc")).statusCode());
        HttpResponse<Buffer> reset = t.withBearer(t.http.post("/api/v1/admin/users/" + u.id() + "/hwid-reset"), adminToken).send().await();
        assertEquals(200, reset.statusCode(), reset.bodyAsString());
        assertEquals(1, reset.bodyAsJsonObject().getInteger("devices_reset"));
        assertEquals(401, t.get("/api/v1/me", access).statusCode());
        assertEquals(200, login("eve_reset", Hwids.machine("new-pc")).statusCode());
        assertEquals(1L, t.db.query("SELECT count(*) AS n FROM hwid_history WHERE user_id = ? AND reason = 'admin_reset'", u.id()).get(0).get("n"));
        assertTrue(t.audit("user.hwid_reset").stream().anyMatch(x -> u.id().toString().equals(x.get("target_id"))));
        HttpResponse<Buffer> list = t.get("/api/v1/admin/devices?user_id=" + u.id() + "&include_inactive=true", adminToken);
        assertEquals(2, list.bodyAsJsonObject().getInteger("total"));
    }
}
