package dev.latchkey.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.latchkey.server.support.Hwids;
import dev.latchkey.server.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tokens built here with the JDK's own HMAC, independently of the server's JWT library: a
 * correct one must pass (so the forgeries fail for the right reason), every forgery must not.
 */
@ExtendWith(VertxExtension.class)
class ForgedTokenTest {

    private static TestServer t;
    private static byte[] secret;
    private static JsonObject validClaims;

    @BeforeAll
    static void start(Vertx vertx) {
        t = TestServer.start(vertx, "forged");
        t.createUser("dave_forge", "dave-password-1", "user");
        JsonObject pair = t.postJson("/auth/client/login", new JsonObject().put("username", "dave_forge")
                .put("password", "dave-password-1").put("hwid", Hwids.machine("dave"))).bodyAsJsonObject();
        validClaims = new JsonObject(new String(Base64.getUrlDecoder().decode(pair.getString("access_token").split("\\.")[1]),
                StandardCharsets.UTF_8));
        secret = t.services().secrets().jwtSecret();
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String sign(String alg, String javaAlg, byte[] key, JsonObject header, JsonObject claims) {
        try {
            String input = b64(header.put("alg", alg).encode()) + "." + b64(claims.encode());
            Mac mac = Mac.getInstance(javaAlg);
            mac.init(new SecretKeySpec(key, javaAlg));
            byte[] sig = mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hs256(Consumer<JsonObject> change) {
        JsonObject claims = validClaims.copy();
        long now = Instant.now().getEpochSecond();
        claims.put("iat", now).put("exp", now + 600).put("jti", UUID.randomUUID().toString());
        change.accept(claims);
        return sign("HS256", "HmacSHA256", secret, new JsonObject().put("typ", "JWT"), claims);
    }

    private static void refused(String token, String expectedCode) {
        HttpResponse<Buffer> r = t.get("/api/v1/me", token);
        assertEquals(401, r.statusCode(), r.bodyAsString());
        assertEquals(expectedCode, r.bodyAsJsonObject().getJsonObject("error").getString("code"));
    }

    @Test
    @DisplayName("control: a token built independently with the right key and claims is accepted")
    void correctTokenAccepted() {
        HttpResponse<Buffer> r = t.get("/api/v1/me", hs256(c -> { }));
        assertEquals(200, r.statusCode(), r.bodyAsString());
    }

    @Test
    @DisplayName("alg none (any spelling) is refused")
    void algNone() {
        for (String alg : new String[] {"none", "None", "NONE", "noNE"}) {
            String unsigned = b64(new JsonObject().put("alg", alg).put("typ", "JWT").encode()) + "." + b64(validClaims.encode()) + ".";
            refused(unsigned, "TOKEN_INVALID");
        }
    }

    @Test
    @DisplayName("HS384 and HS512 with the very same secret are refused: HS256 only")
    void otherHmacAlgorithms() {
        refused(sign("HS384", "HmacSHA384", secret, new JsonObject(), validClaims.copy()), "TOKEN_INVALID");
        refused(sign("HS512", "HmacSHA512", secret, new JsonObject(), validClaims.copy()), "TOKEN_INVALID");
    }

    @Test
    @DisplayName("a tampered payload or signature is refused")
    void tampered() {
        String good = hs256(c -> { });
        String[] p = good.split("\\.");
        String elevated = b64(new JsonObject(new String(Base64.getUrlDecoder().decode(p[1]), StandardCharsets.UTF_8))
                .put("role", "admin").encode());
        refused(p[0] + "." + elevated + "." + p[2], "TOKEN_INVALID");
        char[] sig = p[2].toCharArray();
        int mid = sig.length / 2;
        sig[mid] = sig[mid] == 'A' ? 'B' : 'A';
        refused(p[0] + "." + p[1] + "." + new String(sig), "TOKEN_INVALID");
    }

    @Test
    @DisplayName("an expired token is TOKEN_EXPIRED; one without exp is refused")
    void expiry() {
        refused(hs256(c -> c.put("exp", Instant.now().getEpochSecond() - 5)), "TOKEN_EXPIRED");
        refused(hs256(c -> c.remove("exp")), "TOKEN_INVALID");
    }

    @Test
    @DisplayName("wrong audience or issuer is refused")
    void audienceAndIssuer() {
        refused(hs256(c -> c.put("aud", new JsonArray().add("someone-else"))), "TOKEN_INVALID");
        refused(hs256(c -> c.put("aud", "someone-else")), "TOKEN_INVALID");
        refused(hs256(c -> c.remove("aud")), "TOKEN_INVALID");
        refused(hs256(c -> c.put("iss", "evil")), "TOKEN_INVALID");
        refused(hs256(c -> c.remove("iss")), "TOKEN_INVALID");
    }

    @Test
    @DisplayName("a token of type refresh (or of no type) is not an access token")
    void wrongType() {
        refused(hs256(c -> c.put("typ", "refresh")), "TOKEN_INVALID");
        refused(hs256(c -> c.remove("typ")), "TOKEN_INVALID");
    }

    @Test
    @DisplayName("a token signed with another key is refused, and so is one naming a session that does not exist")
    void foreignKeyAndUnknownSession() {
        byte[] other = new byte[64];
        new java.security.SecureRandom().nextBytes(other);
        JsonObject claims = validClaims.copy().put("exp", Instant.now().getEpochSecond() + 600);
        refused(sign("HS256", "HmacSHA256", other, new JsonObject(), claims), "TOKEN_INVALID");
        refused(hs256(c -> c.put("sid", UUID.randomUUID().toString())), "TOKEN_REVOKED");
    }

    @Test
    @DisplayName("a malformed Authorization header or token is TOKEN_INVALID")
    void malformed() {
        HttpResponse<Buffer> basic = t.http.get("/api/v1/me").putHeader("Authorization", "Basic Zm9vOmJhcg==").send().await();
        assertEquals(401, basic.statusCode());
        refused("not-a-jwt", "TOKEN_INVALID");
        refused("a.b.c", "TOKEN_INVALID");
        HttpResponse<Buffer> none = t.http.get("/api/v1/me").send().await();
        assertEquals(401, none.statusCode());
    }
}
