package dev.latchkey.server.infra;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The Redis client every command of the server goes through: a command fails after
 * {@code timeout} at the latest, and while Redis is known to be unreachable it fails at once.
 *
 * <p>Why: the client itself has no command timeout, so a hung Redis (or a network partition)
 * would hold every request forever, although each caller has a fallback for a failed command.
 * After a command times out or its connection fails, commands fail immediately for one timeout
 * span; then a single command goes through as a probe, and its success ends the outage. An error
 * reply ({@code -ERR ...}) means Redis is up and counts as success here.
 *
 * <p>{@link #connect()} (pub/sub subscriptions) is passed through untouched.
 */
final class RedisGuard implements Redis {

    private static final Logger LOG = Logger.getLogger(RedisGuard.class.getName());

    private final Redis delegate;
    private final long timeoutMs;
    private final long retryNanos;
    /** {@link System#nanoTime()} until which commands fail at once; 0 while Redis is up. */
    private final AtomicLong downUntil = new AtomicLong();
    private final AtomicBoolean probing = new AtomicBoolean();

    RedisGuard(Redis delegate, Duration timeout) {
        this.delegate = delegate;
        this.timeoutMs = Math.max(1, timeout.toMillis());
        this.retryNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    }

    @Override
    public Future<Response> send(Request command) {
        return guarded(() -> delegate.send(command));
    }

    @Override
    public Future<List<Response>> batch(List<Request> commands) {
        return guarded(() -> delegate.batch(commands));
    }

    @Override
    public Future<RedisConnection> connect() {
        return delegate.connect();
    }

    @Override
    public Future<Void> close() {
        return delegate.close();
    }

    private <T> Future<T> guarded(Supplier<Future<T>> command) {
        boolean probe = false;
        long until = downUntil.get();
        if (until != 0) {
            if (System.nanoTime() - until < 0 || !probing.compareAndSet(false, true)) {
                return Future.failedFuture(new BackendUnavailableException("Redis is unreachable"));
            }
            probe = true;
        }
        Future<T> sent;
        try {
            sent = command.get();
        } catch (RuntimeException e) {
            sent = Future.failedFuture(e);
        }
        boolean isProbe = probe;
        return sent.timeout(timeoutMs, TimeUnit.MILLISECONDS).andThen(ar -> {
            if (ar.succeeded() || ar.cause() instanceof Response) {
                if (downUntil.getAndSet(0) != 0) {
                    LOG.info("Redis answers again");
                }
            } else {
                if (downUntil.getAndSet(System.nanoTime() + retryNanos) == 0) {
                    LOG.warning("Redis unreachable (" + describe(ar.cause()) + "): its commands fail at once, probed every "
                            + timeoutMs + " ms");
                }
            }
            if (isProbe) {
                probing.set(false);
            }
        });
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }
}
