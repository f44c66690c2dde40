package dev.latchkey.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
class ClientAuthTest {

    private static final String PASSWORD = "desktop-password-1";
    private static TestServer t;
    private static User bob;
    private static String adminToken;

    @BeforeAll
    static void start(Vertx vertx) {
        t = TestServer.start(vertx, "clientauth");
        bob = t.createUser("bob_client", PASSWORD, "user", 10);
        t.createUser("root_admin", "admin-password-1", "admin");
        adminToken = t.adminToken("root_admin", "admin-password-1");
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    static JsonObject login(String username, String password, JsonObject hwid) {
        HttpResponse<Buffer> r = t.postJson("/auth/client/login", new JsonObject().put("username", username)
                .put("password", password).put("hwid", hwid).put("device_name", "Test PC"));
        assertEquals(200, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject();
    }

    static HttpResponse<Buffer> refresh(String token) {
        return t.postJson("/auth/refresh", new JsonObject().put("refresh_token", token));
    }

    static String code(HttpResponse<Buffer> r) {
        return r.bodyAsJsonObject().getJsonObject("error").getString("code");
    }

    @Test
    @DisplayName("a desktop sign-in returns a bearer pair bound to a device, and the access token opens /api/v1/me")
    void clientLogin() {
        JsonObject pair = login("bob_client", PASSWORD, Hwids.machine("login"));
        assertEquals("Bearer", pair.getString("token_type"));
        assertEquals(900, pair.getLong("expires_in"));
        assertEquals(bob.id().toString(), pair.getString("user_id"));
        assertEquals(43, pair.getString("refresh_token").length());
        HttpResponse<Buffer> me = t.get("/api/v1/me", pair.getString("access_token"));
        assertEquals(200, me.statusCode(), me.bodyAsString());
        assertEquals(pair.getString("device_id"), me.bodyAsJsonObject().getJsonObject("session").getString("device_id"));
        assertFalse(t.audit("auth.client_login").isEmpty());
        assertFalse(t.audit("device.registered").isEmpty());
    }

    @Test
    @DisplayName("the access token carries iss, aud, sub, sid, did, role, typ=access, iat, exp (15 min) and jti")
    void accessClaims() {
        JsonObject pair = login("bob_client", PASSWORD, Hwids.machine("claims"));
        String[] parts = pair.getString("access_token").split("\\.");
        JsonObject header = new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(parts[0])));
        JsonObject claims = new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(parts[1])));
        assertEquals("HS256", header.getString("alg"));
        assertEquals("latchkey", claims.getString("iss"));
        assertTrue(claims.getValue("aud").toString().contains("latchkey-api"));
        assertEquals(bob.id().toString(), claims.getString("sub"));
        assertEquals(pair.getString("device_id"), claims.getString("did"));
        assertEquals("user", claims.getString("role"));
        assertEquals("access", claims.getString("typ"));
        assertEquals(900, claims.getLong("exp") - claims.getLong("iat"));
        assertTrue(claims.containsKey("sid") && claims.containsKey("jti"));
    }

    @Test
    @DisplayName("refresh rotates: the new pair works and the spent refresh token cannot be used again")
    void refreshRotation() {
        JsonObject first = login("bob_client", PASSWORD, Hwids.machine("rotate"));
        HttpResponse<Buffer> r = refresh(first.getString("refresh_token"));
        assertEquals(200, r.statusCode(), r.bodyAsString());
        JsonObject second = r.bodyAsJsonObject();
        assertNotEquals(first.getString("refresh_token"), second.getString("refresh_token"));
        assertEquals(first.getString("device_id"), second.getString("device_id"));
        assertEquals(200, t.get("/api/v1/me", second.getString("access_token")).statusCode());
        assertEquals(1L, t.db.query("SELECT count(*) AS n FROM refresh_tokens rt JOIN sessions s ON s.id = rt.session_id "
                + "WHERE rt.spent_at IS NOT NULL AND s.device_id = ?::uuid", first.getString("device_id")).get(0).get("n"));
    }

    @Test
    @DisplayName("a spent refresh token presented again ends the whole session (every token of that login) and is audited")
    void reuseRevokesFamily() {
        JsonObject first = login("bob_client", PASSWORD, Hwids.machine("reuse"));
        JsonObject second = refresh(first.getString("refresh_token")).bodyAsJsonObject();
        HttpResponse<Buffer> replay = refresh(first.getString("refresh_token"));
        assertEquals(401, replay.statusCode());
        assertEquals("TOKEN_REVOKED", code(replay));
        HttpResponse<Buffer> newer = refresh(second.getString("refresh_token"));
        assertEquals(401, newer.statusCode(), "the legitimate successor is dead too");
        HttpResponse<Buffer> access = t.get("/api/v1/me", second.getString("access_token"));
        assertEquals(401, access.statusCode());
        assertEquals("TOKEN_REVOKED", code(access));
        var rows = t.audit("auth.refresh_reuse");
        assertTrue(rows.stream().anyMatch(row -> bob.id().equals(row.get("actor_id"))), rows.toString());
    }

    @Test
    @DisplayName("two refreshes racing with the same token produce at most one new pair")
    void concurrentRefresh() {
        JsonObject first = login("bob_client", PASSWORD, Hwids.machine("race"));
        List<Future<HttpResponse<Buffer>>> racing = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            racing.add(t.http.post("/auth/refresh").sendJsonObject(new JsonObject().put("refresh_token", first.getString("refresh_token"))));
        }
        Future.join(racing).await();
        long ok = racing.stream().filter(f -> f.result().statusCode() == 200).count();
        assertTrue(ok <= 1, "at most one new pair, got " + ok);
        racing.stream().filter(f -> f.result().statusCode() != 200).forEach(f -> assertEquals(401, f.result().statusCode()));
        assertTrue((Long) t.db.query("SELECT count(*) AS n FROM refresh_tokens rt JOIN sessions s ON s.id = rt.session_id "
                + "WHERE s.device_id = ?::uuid", first.getString("device_id")).get(0).get("n") <= 2);
    }

    @Test
    @DisplayName("client sign-out revokes the access token at once, long before it expires")
    void clientLogout() {
        JsonObject pair = login("bob_client", PASSWORD, Hwids.machine("logout"));
        String access = pair.getString("access_token");
        assertEquals(200, t.get("/api/v1/me", access).statusCode());
        HttpResponse<Buffer> out = t.withBearer(t.http.post("/auth/client/logout"), access).send().await();
        assertEquals(204, out.statusCode());
        HttpResponse<Buffer> after = t.get("/api/v1/me", access);
        assertEquals(401, after.statusCode());
        assertEquals("TOKEN_REVOKED", code(after));
        assertEquals(401, refresh(pair.getString("refresh_token")).statusCode());
        assertFalse(t.audit("auth.client_logout").isEmpty());
    }

    @Test
    @DisplayName("blocking a user ends every session at once; the blocked user cannot sign in again")
    void banRevokesAtOnce() {
        User carol = t.createUser("carol_banned", PASSWORD, "user");
        JsonObject pair = login("carol_banned", PASSWORD, Hwids.machine("carol"));
        assertEquals(200, t.get("/api/v1/me", pair.getString("access_token")).statusCode());
        HttpResponse<Buffer> ban = t.withBearer(t.http.patch("/api/v1/admin/users/" + carol.id()), adminToken)
                .sendJsonObject(new JsonObject().put("blocked", true)).await();
        assertEquals(200, ban.statusCode(), ban.bodyAsString());
        assertTrue(ban.bodyAsJsonObject().getBoolean("blocked"));
        assertEquals(401, t.get("/api/v1/me", pair.getString("access_token")).statusCode());
        assertEquals(401, refresh(pair.getString("refresh_token")).statusCode());
        HttpResponse<Buffer> again = t.postJson("/auth/client/login", new JsonObject().put("username", "carol_banned")
                .put("password", PASSWORD).put("hwid", Hwids.machine("carol")));
        assertEquals(403, again.statusCode());
        assertEquals("ACCOUNT_BLOCKED", code(again));
        HttpResponse<Buffer> wrongPw = t.postJson("/auth/client/login", new JsonObject().put("username", "carol_banned")
                .put("password", "not-her-password").put("hwid", Hwids.machine("carol")));
        assertEquals("INVALID_CREDENTIALS", code(wrongPw), "a guesser does not learn the account is blocked");
        assertFalse(t.audit("user.block").isEmpty());
    }

    @Test
    @DisplayName("only admins get automation tokens; the token has no device")
    void apiTokenAdminOnly() {
        HttpResponse<Buffer> denied = t.postJson("/auth/token", new JsonObject().put("username", "bob_client").put("password", PASSWORD));
        assertEquals(403, denied.statusCode());
        assertEquals("FORBIDDEN", code(denied));
        HttpResponse<Buffer> me = t.get("/api/v1/me", adminToken);
        assertEquals(200, me.statusCode());
        assertEquals(null, me.bodyAsJsonObject().getJsonObject("session").getString("device_id"));
    }

    @Test
    @DisplayName("garbage and unknown refresh tokens are TOKEN_INVALID and audited as failures")
    void unknownRefresh() {
        HttpResponse<Buffer> r = refresh("A".repeat(43));
        assertEquals(401, r.statusCode());
        assertEquals("TOKEN_INVALID", code(r));
        assertEquals(400, t.postJson("/auth/refresh", new JsonObject()).statusCode());
        assertTrue(t.audit("auth.refresh").stream().anyMatch(row -> "failure".equals(row.get("outcome"))));
    }
}
