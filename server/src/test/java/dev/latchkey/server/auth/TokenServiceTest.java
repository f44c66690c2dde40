package dev.latchkey.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The memo of verified tokens must never outlive a token or accept bytes that did not verify. */
@ExtendWith(VertxExtension.class)
class TokenServiceTest {

    private static ErrorCode refusal(Future<Principal> f) {
        try {
            f.await();
        } catch (RuntimeException ignored) {
            // inspected below
        }
        assertTrue(f.failed() && f.cause() instanceof ApiException, "expected a refusal, got " + (f.succeeded() ? "success" : f.cause()));
        return ((ApiException) f.cause()).code();
    }

    @Test
    @DisplayName("a token verified once is refused as expired the moment its exp passes, though it is remembered")
    void rememberedTokenStillExpires(Vertx vertx) throws Exception {
        TokenService tokens = new TokenService(vertx, new byte[32], Duration.ofSeconds(3));
        UUID user = UUID.randomUUID();
        String token = tokens.issue(user, UUID.randomUUID(), UUID.randomUUID(), "user");
        assertEquals(user, tokens.verify(token).await().userId());
        assertEquals(user, tokens.verify(token).await().userId(), "second use served from the memo");
        Thread.sleep(3100);
        assertEquals(ErrorCode.TOKEN_EXPIRED, refusal(tokens.verify(token)));
        assertEquals(ErrorCode.TOKEN_EXPIRED, refusal(tokens.verify(token)), "and stays refused");
    }

    @Test
    @DisplayName("a remembered token does not make a token with one changed byte pass")
    void tamperedTwinOfRememberedToken(Vertx vertx) {
        TokenService tokens = new TokenService(vertx, new byte[32], Duration.ofMinutes(5));
        String token = tokens.issue(UUID.randomUUID(), UUID.randomUUID(), null, "user");
        tokens.verify(token).await();
        int i = token.lastIndexOf('.') + 5;
        String tampered = token.substring(0, i) + (token.charAt(i) == 'A' ? 'B' : 'A') + token.substring(i + 1);
        assertEquals(ErrorCode.TOKEN_INVALID, refusal(tokens.verify(tampered)));
        TokenService other = new TokenService(vertx, "another-secret-of-32-bytes-long!".getBytes(), Duration.ofMinutes(5));
        assertEquals(ErrorCode.TOKEN_INVALID, refusal(other.verify(token)), "the memo is per key");
    }
}
