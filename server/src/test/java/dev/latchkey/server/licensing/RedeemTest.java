package dev.latchkey.server.licensing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.protocol.license.LicenseKeyFormat;
import dev.latchkey.server.support.Licensing;
import dev.latchkey.server.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RedeemTest {

    private static TestServer t;
    private static Licensing lic;
    private static String product;

    @BeforeAll
    static void start(Vertx vertx) {
        t = TestServer.start(vertx, "redeem", new JsonObject().put("LATCHKEY_REDEEM_FAILURES", 3));
        t.createUser("redeem_admin", "admin-password-1", "admin");
        lic = new Licensing(t, t.adminToken("redeem_admin", "admin-password-1"));
        product = lic.product("Redeem Pro", new JsonObject());
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static String code(HttpResponse<Buffer> r) {
        return r.bodyAsJsonObject().getJsonObject("error").getString("code");
    }

    @Test
    @DisplayName("a key redeems once: the owner may repeat it, anyone else gets CONFLICT")
    void redeemOnce() {
        String key = lic.issueOne(product, new JsonObject());
        t.createUser("red_a", "password-of-red_a", "user");
        t.createUser("red_b", "password-of-red_b", "user");
        String a = lic.login("red_a", "red-a").getString("access_token");
        String b = lic.login("red_b", "red-b").getString("access_token");
        HttpResponse<Buffer> first = lic.redeem(a, key.toLowerCase());
        assertEquals(200, first.statusCode(), first.bodyAsString());
        assertEquals("active", first.bodyAsJsonObject().getString("status"));
        assertEquals(200, lic.redeem(a, key).statusCode(), "idempotent for the owner");
        HttpResponse<Buffer> other = lic.redeem(b, key);
        assertEquals(409, other.statusCode());
        JsonObject mine = t.get("/api/v1/licenses", a).bodyAsJsonObject();
        assertEquals(1, mine.getInteger("total"));
        assertEquals("Redeem Pro", mine.getJsonArray("items").getJsonObject(0).getString("product"));
        assertEquals(0, t.get("/api/v1/licenses", b).bodyAsJsonObject().getInteger("total"));
        assertTrue(t.audit("license.redeem").stream().anyMatch(r -> "success".equals(r.get("outcome"))));
    }

    @Test
    @DisplayName("a typo is refused by the check symbol; wrong keys are LICENSE_NOT_FOUND and, past the budget, 429")
    void typosAndBudget() {
        t.createUser("red_guess", "password-of-red_guess", "user");
        String access = lic.login("red_guess", "red-guess").getString("access_token");
        String key = lic.issueOne(product, new JsonObject());
        char last = key.charAt(key.length() - 1);
        String typo = key.substring(0, key.length() - 1) + (last == '0' ? '1' : '0');
        HttpResponse<Buffer> r = lic.redeem(access, typo);
        assertEquals(400, r.statusCode());
        assertEquals("VALIDATION_FAILED", code(r));
        SecureRandom rnd = new SecureRandom();
        for (int i = 0; i < 3; i++) {
            HttpResponse<Buffer> wrong = lic.redeem(access, LicenseKeyFormat.generate(rnd));
            assertEquals(404, wrong.statusCode());
            assertEquals("LICENSE_NOT_FOUND", code(wrong));
        }
        HttpResponse<Buffer> limited = lic.redeem(access, key);
        assertEquals(429, limited.statusCode(), "even a right key waits once the budget is spent");
        assertEquals("RATE_LIMITED", code(limited));
        assertNotNull(limited.getHeader("Retry-After"));
    }

    @Test
    @DisplayName("a suspended or revoked key cannot be redeemed")
    void statusRefused() {
        t.createUser("red_status", "password-of-red_status", "user");
        String access = lic.login("red_status", "red-status").getString("access_token");
        var issued = lic.issue(product, 1, new JsonObject()).getJsonObject(0);
        assertEquals(200, lic.patchLicense(issued.getString("id"), new JsonObject().put("status", "suspended")).statusCode());
        HttpResponse<Buffer> r = lic.redeem(access, issued.getString("key"));
        assertEquals(403, r.statusCode());
        assertEquals("LICENSE_SUSPENDED", code(r));
    }

    @Test
    @DisplayName("sign-up with a key creates a plain user and redeems the key in one step; the key cannot sign up twice")
    void register() {
        String key = lic.issueOne(product, new JsonObject());
        HttpResponse<Buffer> r = t.postJson("/auth/register", new JsonObject().put("username", "newbie").put("password", "newbie-password")
                .put("license_key", key).put("role", "admin").put("max_devices", 99));
        assertEquals(201, r.statusCode(), r.bodyAsString());
        assertEquals("user", r.bodyAsJsonObject().getJsonObject("user").getString("role"), "role is not the caller's to set");
        assertEquals(3, r.bodyAsJsonObject().getJsonObject("user").getInteger("max_devices"));
        HttpResponse<Buffer> again = t.postJson("/auth/register", new JsonObject().put("username", "newbie2")
                .put("password", "newbie-password").put("license_key", key));
        assertEquals(409, again.statusCode());
        assertEquals(0L, t.db.query("SELECT count(*) AS n FROM users WHERE username = 'newbie2'").get(0).get("n"),
                "no account without its license");
        HttpResponse<Buffer> taken = t.postJson("/auth/register", new JsonObject().put("username", "NEWBIE")
                .put("password", "newbie-password").put("license_key", lic.issueOne(product, new JsonObject())));
        assertEquals(409, taken.statusCode());
        assertTrue(t.audit("user.register").stream().anyMatch(x -> "newbie".equals(x.get("actor_name"))));
    }

    @Test
    @DisplayName("sign-up can be switched off")
    void registrationOff(Vertx vertx) {
        try (TestServer off = TestServer.start(vertx, "regoff", new JsonObject().put("LATCHKEY_REGISTRATION", "false"))) {
            HttpResponse<Buffer> r = off.postJson("/auth/register", new JsonObject().put("username", "nobody_x")
                    .put("password", "nobody-password").put("license_key", LicenseKeyFormat.generate(new SecureRandom())));
            assertEquals(403, r.statusCode());
        }
    }
}
