package dev.latchkey.client.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AuthSessionTest {

    private static TokenPair pair(String n, Instant expires) {
        return new TokenPair("access-" + n, "refresh-" + n, expires, "u", "d");
    }

    @Test
    @DisplayName("callers that arrive while a refresh is in flight wait for it and get its result; a later stale caller gets the current pair")
    void singleFlight() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch inRefresh = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AuthSession s = new AuthSession(token -> {
            calls.incrementAndGet();
            inRefresh.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return pair("2", Instant.now().plusSeconds(900));
        }, Clock.systemUTC());
        TokenPair stale = pair("1", Instant.now().minusSeconds(1));
        s.start(stale);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<TokenPair>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(s::usable));
            }
            inRefresh.await();
            Thread.sleep(100); // the other seven are now waiting on the same refresh
            release.countDown();
            for (Future<TokenPair> f : results) {
                assertEquals("access-2", f.get().accessToken());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, calls.get());
        assertEquals("access-2", s.refreshAfter(stale).accessToken(), "no second refresh for a pair already replaced");
        assertEquals(1, calls.get());
    }

    @Test
    @DisplayName("a refused refresh ends the session and tells the listeners; a network failure keeps it")
    void refusalEndsSession() {
        AtomicReference<ApiException> next = new AtomicReference<>(ApiException.network(new java.io.IOException("offline")));
        AuthSession s = new AuthSession(token -> {
            throw next.get();
        }, Clock.systemUTC());
        AtomicReference<ApiException> ended = new AtomicReference<>();
        s.onEnded(ended::set);
        TokenPair t = pair("1", Instant.now().minusSeconds(1));
        s.start(t);
        assertThrows(ApiException.class, s::usable);
        assertSame(t, s.current(), "offline: the session and its unspent refresh token stay");
        assertNull(ended.get());

        next.set(new ApiException("TOKEN_REVOKED", 401, "revoked", 0));
        ApiException e = assertThrows(ApiException.class, s::usable);
        assertEquals("TOKEN_REVOKED", e.code());
        assertNull(s.current());
        assertEquals("TOKEN_REVOKED", ended.get().code());
        assertEquals(ApiException.NOT_SIGNED_IN, assertThrows(ApiException.class, s::usable).code());
    }

    @Test
    @DisplayName("the refresh margin is a tenth of the token's lifetime, at most 30 s; toString never shows a token")
    void margin() {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        TokenPair t = pair("1", now.plusSeconds(60));
        assertEquals(false, t.expiresSoon(now, java.time.Duration.ofMinutes(15)));
        assertEquals(true, t.expiresSoon(now.plusSeconds(31), java.time.Duration.ofMinutes(15)));
        assertEquals(false, t.expiresSoon(now.plusSeconds(55), java.time.Duration.ofSeconds(20)));
        assertEquals(false, t.toString().contains("access-1") || t.toString().contains("refresh-1"));
    }
}
