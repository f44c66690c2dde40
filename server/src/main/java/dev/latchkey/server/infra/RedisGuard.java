package dev.latchkey.server.infra;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Redis client every command of the server goes through: a command fails after
 * {@code timeout} (plus at most a tenth of it, {@link Deadlines}), and while Redis is known to be
 * unreachable it fails at once.
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
    private final Deadlines deadlines;
    private final OutageGate gate;

    RedisGuard(Vertx vertx, Redis delegate, Duration timeout) {
        this.delegate = delegate;
        this.deadlines = new Deadlines(vertx, "Redis", timeout);
        this.gate = new OutageGate("Redis", Duration.ofMillis(Math.max(1, timeout.toMillis())));
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
        deadlines.close();
        return delegate.close();
    }

    private <T> Future<T> guarded(Supplier<Future<T>> command) {
        return gate.call(deadlines, command, JUDGE);
    }

    /** An error reply (-ERR ...) is a Response too: Redis is up; any other failure says it is down or hung. */
    private static final Function<Throwable, OutageGate.Verdict> JUDGE =
            e -> e instanceof Response ? OutageGate.Verdict.UP : OutageGate.Verdict.DOWN;
}
