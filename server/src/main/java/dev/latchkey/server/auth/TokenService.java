package dev.latchkey.server.auth;

import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.ErrorCode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Access tokens: JWT, HS256 only, short-lived. Issued with {@code iss, aud, sub, sid, did, role,
 * typ:"access", iat, exp, jti}; verification demands all of that (the library alone would accept
 * a token without {@code exp} or of another {@code typ}). Whether the session is still live is
 * the caller's next check.
 */
public final class TokenService {

    public static final String ISSUER = "latchkey";
    public static final String AUDIENCE = "latchkey-api";
    public static final String TYPE_ACCESS = "access";

    /** Verified tokens kept at most; past it the least used are evicted (a miss only costs a full verification). */
    static final int VERIFIED_MAX = 50_000;

    private final JWTAuth jwt;
    private final Duration ttl;
    /**
     * Tokens whose signature and claims passed, by SHA-256 of the token (the token itself is not kept),
     * with their expiry: a client presents the same token on every call for its lifetime, and a full
     * verification (decode, two JSON parses, HMAC, claim checks) costs more than the rest of a heartbeat's
     * own work. Why this is safe: an entry exists only for exactly these bytes having verified, expiry is
     * still checked on every use, and revocation is the session check that follows every verification.
     */
    private final Cache<ByteBuffer, Principal> verified = Caffeine.newBuilder().maximumSize(VERIFIED_MAX)
            // Why on the caller's thread: eviction work is a few list moves, cheaper than a hand-off to another pool.
            .executor(Runnable::run).build();

    public TokenService(Vertx vertx, byte[] secret, Duration ttl) {
        this.ttl = ttl;
        // Why one HS256 key and nothing else: the verifier then refuses "none", RS/ES algorithms and key confusion.
        this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(Buffer.buffer(secret)))
                .setJWTOptions(new JWTOptions()
                        .setIssuer(ISSUER)
                        .setAudience(List.of(AUDIENCE))
                        // exp is checked below, after the signature, so a missing exp is refused too.
                        .setIgnoreExpiration(true)));
    }

    public Duration ttl() {
        return ttl;
    }

    public String issue(UUID userId, UUID sessionId, UUID deviceId, String role) {
        long now = Instant.now().getEpochSecond();
        JsonObject claims = new JsonObject()
                .put("iss", ISSUER)
                .put("aud", new JsonArray().add(AUDIENCE))
                .put("sub", userId.toString())
                .put("sid", sessionId.toString())
                .put("role", role)
                .put("typ", TYPE_ACCESS)
                .put("iat", now)
                .put("exp", now + ttl.toSeconds())
                .put("jti", UUID.randomUUID().toString());
        if (deviceId != null) {
            claims.put("did", deviceId.toString());
        }
        return jwt.generateToken(claims, new JWTOptions().setAlgorithm("HS256").setNoTimestamp(true));
    }

    /** Verifies signature and claims; fails with TOKEN_INVALID or TOKEN_EXPIRED. */
    public Future<Principal> verify(String token) {
        ByteBuffer key = ByteBuffer.wrap(Tokens.hash(token));
        Principal known = verified.getIfPresent(key);
        if (known != null) {
            if (known.expiresAt() > Instant.now().getEpochSecond()) {
                return Future.succeededFuture(known);
            }
            verified.invalidate(key);
            return Future.failedFuture(new ApiException(ErrorCode.TOKEN_EXPIRED, "Access token has expired"));
        }
        return jwt.authenticate(new TokenCredentials(token))
                .recover(err -> Future.failedFuture(new ApiException(ErrorCode.TOKEN_INVALID, "Access token is invalid")))
                .map(user -> {
                    JsonObject claims = user.attributes().getJsonObject("accessToken", user.principal());
                    Principal p = toPrincipal(claims);
                    verified.put(key, p);
                    return p;
                });
    }

    private static Principal toPrincipal(JsonObject claims) {
        if (claims == null || !TYPE_ACCESS.equals(claims.getValue("typ"))) {
            throw invalid();
        }
        Object exp = claims.getValue("exp");
        if (!(exp instanceof Number n)) {
            throw invalid();
        }
        if (n.longValue() <= Instant.now().getEpochSecond()) {
            throw new ApiException(ErrorCode.TOKEN_EXPIRED, "Access token has expired");
        }
        if (!ISSUER.equals(claims.getValue("iss")) || !hasAudience(claims.getValue("aud"))) {
            throw invalid();
        }
        try {
            UUID sub = UUID.fromString(claims.getString("sub"));
            UUID sid = UUID.fromString(claims.getString("sid"));
            String did = claims.getString("did");
            String role = claims.getString("role");
            if (role == null) {
                throw invalid();
            }
            return new Principal(sub, sid, did == null ? null : UUID.fromString(did), role, Principal.Via.BEARER, n.longValue());
        } catch (IllegalArgumentException | NullPointerException | ClassCastException e) {
            throw invalid();
        }
    }

    private static boolean hasAudience(Object aud) {
        if (aud instanceof String s) {
            return AUDIENCE.equals(s);
        }
        return aud instanceof JsonArray a && a.contains(AUDIENCE);
    }

    private static ApiException invalid() {
        return new ApiException(ErrorCode.TOKEN_INVALID, "Access token is invalid");
    }
}
