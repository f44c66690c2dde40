package dev.latchkey.server.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.server.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Requests seem to come from other addresses through a trusted proxy (loopback) and X-Forwarded-For. */
@ExtendWith(VertxExtension.class)
class BlocklistTest {

    private static TestServer t;
    private static String admin;

    @BeforeAll
    static void start(Vertx vertx) {
        t = TestServer.start(vertx, "blocklist", new JsonObject()
                .put("LATCHKEY_TRUSTED_PROXIES", "127.0.0.1/32,::1/128")
                .put("LATCHKEY_AUTOBLOCK_LOGIN_FAILURES", 5)
                .put("LATCHKEY_AUTOBLOCK_DURATION", "3s"));
        t.createUser("bl_admin", "admin-password-1", "admin");
        admin = t.adminToken("bl_admin", "admin-password-1");
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static HttpResponse<Buffer> healthFrom(String ip) {
        return t.http.get("/health").putHeader("X-Forwarded-For", ip).send().await();
    }

    private static HttpResponse<Buffer> block(String cidr) {
        return t.withBearer(t.http.post("/api/v1/admin/blocklist"), admin)
                .sendJsonObject(new JsonObject().put("cidr", cidr).put("reason", "test")).await();
    }

    @Test
    @DisplayName("IPv4 and IPv6 CIDR blocks refuse matching addresses with 403 IP_BLOCKED, and removing the block lifts it")
    void cidrBlocks() {
        HttpResponse<Buffer> v4 = block("10.9.0.0/16");
        assertEquals(201, v4.statusCode(), v4.bodyAsString());
        HttpResponse<Buffer> v6 = block("2001:db8:abcd::/48");
        assertEquals(201, v6.statusCode());
        HttpResponse<Buffer> refused = healthFrom("10.9.200.7");
        assertEquals(403, refused.statusCode());
        assertEquals("IP_BLOCKED", refused.bodyAsJsonObject().getJsonObject("error").getString("code"));
        assertEquals(403, healthFrom("2001:db8:abcd:1::5").statusCode());
        assertEquals(200, healthFrom("10.10.0.1").statusCode());
        assertEquals(200, healthFrom("2001:db8:abce::1").statusCode());
        assertEquals(400, block("10.0.0.0/33").statusCode());
        assertEquals(400, block("not-an-ip").statusCode());
        String id = v4.bodyAsJsonObject().getString("id");
        assertEquals(204, t.withBearer(t.http.delete("/api/v1/admin/blocklist/" + id), admin).send().await().statusCode());
        assertEquals(200, healthFrom("10.9.200.7").statusCode());
        assertTrue(t.audit("ip.block").size() >= 2);
        assertFalse(t.audit("ip.unblock").isEmpty());
    }

    @Test
    @DisplayName("repeated failed sign-ins from one address block it automatically, audited with the reason, until the block expires")
    void automaticBlock() throws InterruptedException {
        String attacker = "192.0.2.77";
        for (int i = 0; i < 5; i++) {
            HttpResponse<Buffer> r = t.http.post("/auth/login").putHeader("X-Forwarded-For", attacker)
                    .sendJsonObject(new JsonObject().put("username", "victim_" + i).put("password", "guess-password")).await();
            assertEquals(401, r.statusCode());
        }
        assertEquals(403, healthFrom(attacker).statusCode());
        assertEquals(200, healthFrom("192.0.2.78").statusCode());
        var events = t.audit("ip.auto_block");
        assertEquals(1, events.size());
        assertTrue(String.valueOf(events.get(0).get("details")).contains("5 failed sign-ins"));
        JsonObject list = t.get("/api/v1/admin/blocklist", admin).bodyAsJsonObject();
        assertTrue(list.getJsonArray("items").stream().map(JsonObject.class::cast)
                .anyMatch(e -> e.getBoolean("automatic") && e.getString("cidr").startsWith(attacker)));
        Thread.sleep(3500);
        assertEquals(200, healthFrom(attacker).statusCode(), "the automatic block expired");
    }

    @Test
    @DisplayName("a reused refresh token flags the account; an admin sees the reason and clears the flag")
    void reuseFlagsAccount() {
        var user = t.createUser("bl_flagged", "flagged-password", "user");
        JsonObject pair = t.postJson("/auth/client/login", new JsonObject().put("username", "bl_flagged").put("password", "flagged-password")
                .put("hwid", dev.latchkey.server.support.Hwids.machine("flag"))).bodyAsJsonObject();
        t.postJson("/auth/refresh", new JsonObject().put("refresh_token", pair.getString("refresh_token")));
        assertEquals(401, t.postJson("/auth/refresh", new JsonObject().put("refresh_token", pair.getString("refresh_token"))).statusCode());
        JsonObject flagged = t.get("/api/v1/admin/users/" + user.id(), admin).bodyAsJsonObject();
        assertNotNull(flagged.getString("flagged_at"), flagged.encode());
        assertTrue(flagged.getString("flag_reason").contains("refresh token"));
        assertFalse(t.audit("user.flagged").isEmpty());
        HttpResponse<Buffer> cleared = t.withBearer(t.http.patch("/api/v1/admin/users/" + user.id()), admin)
                .sendJsonObject(new JsonObject().put("flagged", false)).await();
        assertEquals(200, cleared.statusCode(), cleared.bodyAsString());
        assertEquals(null, cleared.bodyAsJsonObject().getString("flagged_at"));
    }

    @Test
    @DisplayName("every response carries nosniff, Referrer-Policy and a request id; HSTS only behind a trusted TLS proxy")
    void securityHeaders() {
        HttpResponse<Buffer> r = t.http.get("/health").putHeader("X-Request-Id", "abc-123").send().await();
        assertEquals("nosniff", r.getHeader("X-Content-Type-Options"));
        assertNotNull(r.getHeader("Referrer-Policy"));
        assertEquals("abc-123", r.getHeader("X-Request-Id"));
        assertEquals(null, r.getHeader("Strict-Transport-Security"));
        HttpResponse<Buffer> tls = t.http.get("/health").putHeader("X-Forwarded-Proto", "https").send().await();
        assertNotNull(tls.getHeader("Strict-Transport-Security"));
        HttpResponse<Buffer> bad = t.http.get("/health").putHeader("X-Request-Id", "bad id; with spaces").send().await();
        assertTrue(bad.getHeader("X-Request-Id").matches("[0-9a-f-]{36}"));
        assertNotNull(t.http.get("/no/such").send().await().getHeader("X-Content-Type-Options"), "errors too");
    }

    @Test
    @DisplayName("TRACE and unknown methods get 405")
    void traceRefused() {
        assertEquals(405, t.http.request(HttpMethod.TRACE, "/health").send().await().statusCode());
        assertEquals(405, t.http.request(HttpMethod.valueOf("PROPFIND"), "/health").send().await().statusCode());
    }

    @Test
    @DisplayName("metrics are exposed in Prometheus text and count sign-ins, heartbeats and the audit queue")
    void metrics() {
        t.postJson("/auth/login", new JsonObject().put("username", "nobody_m").put("password", "wrong-password"));
        String text = t.http.get("/metrics").send().await().bodyAsString();
        assertTrue(text.contains("latchkey_audit_events_total{action=\"auth.login\",outcome=\"failure\"}"), text);
        assertTrue(text.contains("latchkey_audit_queue_depth"));
        assertTrue(text.contains("latchkey_event_loop_lag_seconds"));
    }
}
