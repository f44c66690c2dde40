package dev.latchkey.server.dashboard;

import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.ErrorCode;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * CSRF tokens bound to the session: {@code HMAC-SHA256(K, "s:" + session id)}, where K is derived from the
 * server's JWT secret (so every node computes the same token and none has to be stored). Before sign-in the
 * token is bound the same way to a random nonce in the {@value #PRE_COOKIE} cookie (double submit), which
 * protects the sign-in and language forms.
 *
 * <p>Every state-changing dashboard request carries the token in the form field {@value #FIELD} or the
 * header {@value #HEADER}; without a valid one it is refused with 403 before anything happens.
 */
final class Csrf {

    static final String FIELD = "csrf";
    static final String HEADER = "X-CSRF-Token";
    static final String PRE_COOKIE = "__Host-lk_pre";
    static final String REFUSED = "dashboard.csrf_refused";

    private static final SecureRandom RANDOM = new SecureRandom();
    private final byte[] key;

    Csrf(byte[] serverSecret) {
        this.key = hmac(serverSecret, "latchkey/dashboard/csrf/v1");
    }

    String forSession(UUID sessionId) {
        return b64(hmac(key, "s:" + sessionId));
    }

    String forNonce(String nonce) {
        return b64(hmac(key, "p:" + nonce));
    }

    static String newNonce() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return b64(b);
    }

    /** The token the request presents (form field or header), or null. */
    static String presented(RoutingContext ctx) {
        String header = ctx.request().getHeader(HEADER);
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        return ctx.request().getFormAttribute(FIELD);
    }

    static boolean matches(String presented, String expected) {
        return presented != null && expected != null
                && MessageDigest.isEqual(presented.getBytes(StandardCharsets.US_ASCII), expected.getBytes(StandardCharsets.US_ASCII));
    }

    /** After the admin gate: the request must carry the session's token. */
    Handler<RoutingContext> require() {
        return ctx -> {
            if (matches(presented(ctx), AdminGate.admin(ctx).csrf())) {
                ctx.next();
            } else {
                refuse(ctx);
            }
        };
    }

    static void refuse(RoutingContext ctx) {
        ctx.put(REFUSED, true);
        ctx.fail(new ApiException(ErrorCode.FORBIDDEN, "The security token of this form is missing or out of date; reload the page"));
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Override
    public String toString() {
        return "Csrf[key redacted]";
    }
}
