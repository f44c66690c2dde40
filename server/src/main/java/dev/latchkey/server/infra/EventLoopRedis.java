package dev.latchkey.server.infra;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A {@link Redis} whose commands, when sent from an event loop, go over that loop's own long-lived
 * connection, pipelined: many requests in flight share one connection's writes and reads. Taking a
 * pooled connection per command cost about six times the CPU per round trip (measured: 23 us against
 * 3.6 us, BENCHMARKS.md), and a heartbeat makes three. Commands from other threads, and
 * {@link #connect()} (pub/sub), use the pool.
 *
 * <p>A lost connection is dropped and replaced on the next command, so a Redis restart needs no
 * server restart. Failing fast while Redis is down is {@link RedisGuard}'s job, around this class.
 */
final class EventLoopRedis implements Redis {

    private final Redis pool;
    private final ThreadLocal<Lane> lanes = ThreadLocal.withInitial(this::newLane);
    private final ConcurrentLinkedQueue<Lane> allLanes = new ConcurrentLinkedQueue<>();

    EventLoopRedis(Redis pool) {
        this.pool = pool;
    }

    @Override
    public Future<Response> send(Request request) {
        return Context.isOnEventLoopThread() ? lanes.get().connection().compose(c -> c.send(request)) : pool.send(request);
    }

    @Override
    public Future<List<Response>> batch(List<Request> requests) {
        return Context.isOnEventLoopThread() ? lanes.get().connection().compose(c -> c.batch(requests)) : pool.batch(requests);
    }

    @Override
    public Future<RedisConnection> connect() {
        return pool.connect();
    }

    @Override
    public Future<Void> close() {
        allLanes.forEach(Lane::close);
        return pool.close();
    }

    private Lane newLane() {
        Lane lane = new Lane();
        allLanes.add(lane);
        return lane;
    }

    /** One event loop's connection. Only its own thread touches it, so it needs no locking. */
    private final class Lane {
        private Future<RedisConnection> connection;

        Future<RedisConnection> connection() {
            Future<RedisConnection> current = connection;
            if (current != null) {
                return current;
            }
            Future<RedisConnection> attempt = pool.connect();
            connection = attempt;
            attempt.onSuccess(c -> {
                c.exceptionHandler(e -> drop(attempt));
                c.endHandler(v -> drop(attempt));
            }).onFailure(e -> drop(attempt));
            return attempt;
        }

        private void drop(Future<RedisConnection> which) {
            if (connection == which) {
                connection = null;
                if (which.succeeded()) {
                    which.result().close();
                }
            }
        }

        void close() {
            Future<RedisConnection> c = connection;
            if (c != null && c.succeeded()) {
                c.result().close();
            }
        }
    }
}
