package dev.latchkey.server.infra;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The Redis client every command of the server goes through: a command fails after
 * {@code timeout} at the latest, and while Redis is known to be unreachable it fails at once.
 *
 * <p>Why: the client itself has no command timeout, so a hung Redis (or a network partition)
 * would hold every request forever, although each caller has a fallback for a failed command.
 * After a command times out or its connection fails, commands fail immediately for one timeout
 * span ({@link OutageGate}); then a single command goes through as a probe.
 *
 * <p>{@link #connect()} (pub/sub subscriptions) is passed through untouched.
 */
final class RedisGuard implements Redis {

    private final Redis delegate;
    private final long timeoutMs;
    private final OutageGate gate;

    RedisGuard(Redis delegate, Duration timeout) {
        this.delegate = delegate;
        this.timeoutMs = Math.max(1, timeout.toMillis());
        this.gate = new OutageGate("Redis", Duration.ofMillis(timeoutMs));
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
        OutageGate.Pass pass = gate.enter();
        if (pass == null) {
            return Future.failedFuture(gate.refusal());
        }
        Future<T> sent;
        try {
            sent = command.get();
        } catch (RuntimeException e) {
            sent = Future.failedFuture(e);
        }
        return sent.timeout(timeoutMs, TimeUnit.MILLISECONDS).andThen(ar -> {
            // An error reply (-ERR ...) is a Response too: Redis is up.
            if (ar.succeeded() || ar.cause() instanceof Response) {
                pass.answered();
            } else {
                pass.down(ar.cause());
            }
        });
    }
}
