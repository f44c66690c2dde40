package dev.latchkey.client.http;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The signed-in session's tokens, with single-flight refresh: when several calls find the access token
 * expired, exactly one {@code /auth/refresh} is sent and the others wait for its result. This matters
 * beyond efficiency: refresh tokens are single use, and the server treats a second use of a spent one as
 * theft and ends the whole session.
 */
public final class AuthSession {

    /** Spends a refresh token for a new pair. */
    @FunctionalInterface
    public interface Refresher {
        TokenPair refresh(String refreshToken) throws ApiException;
    }

    private final Object lock = new Object();
    private final Refresher refresher;
    private final Clock clock;
    private final AtomicInteger refreshCount = new AtomicInteger();
    private final CopyOnWriteArrayList<Consumer<TokenPair>> tokenListeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Consumer<ApiException>> endListeners = new CopyOnWriteArrayList<>();

    private TokenPair tokens;
    private Duration lifetime = Duration.ofMinutes(15);
    private CompletableFuture<TokenPair> inflight;

    public AuthSession(Refresher refresher, Clock clock) {
        this.refresher = refresher;
        this.clock = clock;
    }

    /** Starts a session with a fresh pair (after sign-in or a resumed refresh). */
    public void start(TokenPair pair) {
        synchronized (lock) {
            tokens = pair;
            lifetime = lifetimeOf(pair);
        }
        tokenListeners.forEach(l -> l.accept(pair));
    }

    /** Forgets the tokens (sign-out); no listener is told the session ended: the user chose it. */
    public TokenPair clear() {
        synchronized (lock) {
            TokenPair old = tokens;
            tokens = null;
            return old;
        }
    }

    /** The server refused {@code used} for good: forget it (if still current) and tell the listeners. */
    public void end(TokenPair used, ApiException reason) {
        synchronized (lock) {
            if (tokens != used) {
                return;
            }
            tokens = null;
        }
        endListeners.forEach(l -> l.accept(reason));
    }

    public TokenPair current() {
        synchronized (lock) {
            return tokens;
        }
    }

    public boolean signedIn() {
        return current() != null;
    }

    /** Called with every new pair: the keychain keeps the newest refresh token when "remember me" is on. */
    public void onTokens(Consumer<TokenPair> listener) {
        tokenListeners.add(listener);
    }

    /** Called when the server ended the session (a refresh was refused): the UI returns to sign-in. */
    public void onEnded(Consumer<ApiException> listener) {
        endListeners.add(listener);
    }

    /** How many refreshes this session performed (for diagnostics and tests). */
    public int refreshCount() {
        return refreshCount.get();
    }

    /** A pair whose access token is usable now, refreshing first when it is about to expire. */
    public TokenPair usable() throws ApiException {
        TokenPair t = current();
        if (t == null) {
            throw ApiException.notSignedIn();
        }
        Duration life;
        synchronized (lock) {
            life = lifetime;
        }
        return t.expiresSoon(clock.instant(), life) ? refreshAfter(t) : t;
    }

    /**
     * Replaces {@code stale} by a refreshed pair. If another thread already replaced it, answers that
     * pair; if a refresh is in flight, waits for it; otherwise this thread performs the one refresh.
     */
    public TokenPair refreshAfter(TokenPair stale) throws ApiException {
        CompletableFuture<TokenPair> pending;
        boolean mine = false;
        synchronized (lock) {
            if (tokens == null) {
                throw ApiException.notSignedIn();
            }
            if (tokens != stale) {
                return tokens;
            }
            if (inflight == null) {
                inflight = new CompletableFuture<>();
                mine = true;
            }
            pending = inflight;
        }
        if (mine) {
            perform(stale, pending);
        }
        try {
            return pending.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof ApiException api ? api : ApiException.network((Exception) e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.network(e);
        }
    }

    private void perform(TokenPair stale, CompletableFuture<TokenPair> pending) {
        try {
            TokenPair fresh = refresher.refresh(stale.refreshToken());
            refreshCount.incrementAndGet();
            synchronized (lock) {
                if (tokens == stale) {
                    tokens = fresh;
                    lifetime = lifetimeOf(fresh);
                }
                inflight = null;
            }
            tokenListeners.forEach(l -> l.accept(fresh));
            pending.complete(fresh);
        } catch (ApiException e) {
            boolean ended = e.endsSession();
            synchronized (lock) {
                // A network failure keeps the session: the user may be offline, and the refresh token is unspent.
                if (ended && tokens == stale) {
                    tokens = null;
                }
                inflight = null;
            }
            pending.completeExceptionally(e);
            if (ended) {
                endListeners.forEach(l -> l.accept(e));
            }
        } catch (RuntimeException e) {
            synchronized (lock) {
                inflight = null;
            }
            pending.completeExceptionally(new CompletionException(e));
            throw e;
        }
    }

    private Duration lifetimeOf(TokenPair pair) {
        Duration d = Duration.between(clock.instant(), pair.accessExpires());
        return d.isNegative() || d.isZero() ? Duration.ofSeconds(1) : d;
    }
}
