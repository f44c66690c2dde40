package dev.latchkey.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.server.accounts.User;
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

@ExtendWith(VertxExtension.class)
class WebLoginTest {

    private static final String PASSWORD = "correct horse battery";
    private static TestServer t;
    private static User alice;

    @BeforeAll
    static void start(Vertx vertx) {
        t = TestServer.start(vertx, "weblogin");
        alice = t.createUser("alice_web", PASSWORD, "user");
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static HttpResponse<Buffer> login(String username, String password) {
        return t.postJson("/auth/login", new JsonObject().put("username", username).put("password", password));
    }

    private static String cookieValue(HttpResponse<Buffer> r) {
        String header = r.cookies().stream().filter(c -> c.startsWith(Authenticator.COOKIE + "=")).findFirst().orElseThrow();
        return header.substring(Authenticator.COOKIE.length() + 1, header.indexOf(';'));
    }

    private static HttpResponse<Buffer> meWithCookie(String value) {
        return t.http.get("/api/v1/me").putHeader("Cookie", Authenticator.COOKIE + "=" + value).send().await();
    }

    @Test
    @DisplayName("a browser sign-in sets a __Host- cookie that is HttpOnly, Secure, SameSite=Strict on Path=/")
    void cookieAttributes() {
        HttpResponse<Buffer> r = login("alice_web", PASSWORD);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        String header = r.cookies().stream().filter(c -> c.startsWith(Authenticator.COOKIE + "=")).findFirst().orElseThrow();
        String lower = header.toLowerCase();
        assertTrue(lower.contains("; httponly"), header);
        assertTrue(lower.contains("; secure"), header);
        assertTrue(lower.contains("; samesite=strict"), header);
        assertTrue(lower.contains("; path=/"), header);
        assertFalse(lower.contains("domain="), header);
        assertEquals(43, cookieValue(r).length(), "256-bit token, base64url");
        assertEquals("alice_web", r.bodyAsJsonObject().getJsonObject("user").getString("username"));
        assertFalse(r.bodyAsString().contains("password"), "no hash in the response");
    }

    @Test
    @DisplayName("the cookie opens the API for reading, and only its SHA-256 is stored")
    void cookieWorksAndIsStoredHashed() {
        String token = cookieValue(login("alice_web", PASSWORD));
        HttpResponse<Buffer> me = meWithCookie(token);
        assertEquals(200, me.statusCode(), me.bodyAsString());
        assertEquals("cookie", me.bodyAsJsonObject().getJsonObject("session").getString("via"));
        List<Map<String, Object>> rows = t.db.query("SELECT count(*) AS n FROM sessions WHERE token_hash = decode(?, 'hex')",
                Tokens.hashHex(token));
        assertEquals(1L, rows.get(0).get("n"));
        assertEquals(0L, t.db.query("SELECT count(*) AS n FROM sessions WHERE encode(token_hash, 'escape') LIKE ?",
                "%" + token + "%").get(0).get("n"));
    }

    @Test
    @DisplayName("each sign-in gets a fresh session token")
    void freshTokenEachLogin() {
        assertNotEquals(cookieValue(login("alice_web", PASSWORD)), cookieValue(login("alice_web", PASSWORD)));
    }

    @Test
    @DisplayName("sign-out ends the session on the server: the old cookie no longer works")
    void logoutRevokes() {
        String token = cookieValue(login("alice_web", PASSWORD));
        assertEquals(200, meWithCookie(token).statusCode());
        HttpResponse<Buffer> out = t.http.post("/auth/logout").putHeader("Cookie", Authenticator.COOKIE + "=" + token).send().await();
        assertEquals(204, out.statusCode());
        assertTrue(out.cookies().stream().anyMatch(c -> c.toLowerCase().contains("max-age=0")), "cookie cleared");
        HttpResponse<Buffer> after = meWithCookie(token);
        assertEquals(401, after.statusCode());
        assertEquals("TOKEN_INVALID", after.bodyAsJsonObject().getJsonObject("error").getString("code"));
        assertFalse(t.audit("auth.logout").isEmpty());
    }

    @Test
    @DisplayName("an HTML form can sign in too")
    void formLogin() {
        HttpResponse<Buffer> r = t.http.post("/auth/login").sendForm(MultiMap.caseInsensitiveMultiMap()
                .add("username", "ALICE_WEB").add("password", PASSWORD)).await();
        assertEquals(200, r.statusCode(), r.bodyAsString());
    }

    @Test
    @DisplayName("an unknown user and a wrong password get the same answer, and both cost a hash")
    void unknownUserLooksLikeWrongPassword() {
        long before = t.services().hasher().computations();
        HttpResponse<Buffer> unknown = login("nobody_here", "whatever-password");
        long afterUnknown = t.services().hasher().computations();
        HttpResponse<Buffer> wrong = login("alice_web", "whatever-password");
        long afterWrong = t.services().hasher().computations();
        assertEquals(401, unknown.statusCode());
        assertEquals(unknown.statusCode(), wrong.statusCode());
        assertEquals(unknown.bodyAsString(), wrong.bodyAsString());
        assertEquals(new java.util.TreeSet<>(unknown.headers().names()), new java.util.TreeSet<>(wrong.headers().names()));
        assertEquals("INVALID_CREDENTIALS", wrong.bodyAsJsonObject().getJsonObject("error").getString("code"));
        assertEquals(1, afterUnknown - before, "unknown user costs one dummy hash");
        assertEquals(1, afterWrong - afterUnknown);
        List<Map<String, Object>> failures = t.audit("auth.login").stream().filter(r -> "failure".equals(r.get("outcome"))).toList();
        assertTrue(failures.stream().anyMatch(r -> "nobody_here".equals(r.get("actor_name"))));
        assertTrue(failures.stream().anyMatch(r -> alice.id().equals(r.get("actor_id"))));
        failures.forEach(r -> assertFalse(String.valueOf(r.get("details")).contains("whatever-password"), "no password in audit"));
    }

    @Test
    @DisplayName("passwords shorter than 8 or longer than 1024 characters are refused before hashing")
    void passwordLengthLimits() {
        long before = t.services().hasher().computations();
        HttpResponse<Buffer> tooShort = login("alice_web", "1234567");
        HttpResponse<Buffer> tooLong = login("alice_web", "x".repeat(1025));
        assertEquals(400, tooShort.statusCode());
        assertEquals(400, tooLong.statusCode());
        assertEquals("VALIDATION_FAILED", tooLong.bodyAsJsonObject().getJsonObject("error").getString("code"));
        assertEquals(before, t.services().hasher().computations(), "nothing hashed");
        HttpResponse<Buffer> longest = login("alice_web", "x".repeat(1024));
        assertEquals(401, longest.statusCode(), "1024 characters is accepted as input");
    }

    @Test
    @DisplayName("a successful sign-in is audited with who, from where, and the user agent; last login is recorded")
    void successAudited() {
        t.http.post("/auth/login").putHeader("User-Agent", "WebLoginTest/1.0")
                .sendJsonObject(new JsonObject().put("username", "alice_web").put("password", PASSWORD)).await();
        var rows = t.audit("auth.login").stream().filter(r -> "success".equals(r.get("outcome"))
                && "WebLoginTest/1.0".equals(r.get("user_agent"))).toList();
        assertEquals(1, rows.size());
        assertEquals(alice.id(), rows.get(0).get("actor_id"));
        assertEquals("127.0.0.1", rows.get(0).get("ip"));
        assertNotNull(t.db.query("SELECT last_login_at FROM users WHERE id = ?", alice.id()).get(0).get("last_login_at"));
    }

    @Test
    @DisplayName("the session cookie is not accepted for state changes: those need a bearer token")
    void cookieNotForWrites() {
        String token = cookieValue(login("alice_web", PASSWORD));
        HttpResponse<Buffer> r = t.http.post("/auth/client/logout").putHeader("Cookie", Authenticator.COOKIE + "=" + token)
                .send().await();
        assertEquals(401, r.statusCode());
    }
}
