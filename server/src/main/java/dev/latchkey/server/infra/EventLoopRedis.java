package dev.latchkey.server.infra;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * A {@link Redis} whose commands, when sent from an event loop, go over that loop's own long-lived
 * connection, pipelined and coalesced: every command issued during one turn of the event loop (all the
 * requests that one wake-up read, each with its own commands) is written to Redis in a single batch at
 * the end of that turn. Taking a pooled connection per command cost about six times the CPU per round
 * trip (measured: 23 us against 3.6 us, BENCHMARKS.md); writing each command on its own still cost a
 * write system call per command here and a read per command in Redis. Commands from other threads, and
 * {@link #connect()} (pub/sub), use the pool.
 *
 * <p>One side effect of coalescing: the client fails a whole batch when any of its commands gets an
 * error reply ({@code -ERR}), so an error reply fails the other commands of the same turn with it. The
 * server's hot-path commands do not produce error replies, and every caller treats a failed command as
 * Redis trouble (its fallback), so this costs correctness nothing.
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
        if (!Context.isOnEventLoopThread()) {
            return pool.send(request);
        }
        Promise<Response> promise = Promise.promise();
        lanes.get().queue(List.of(request), replies -> promise.complete(replies.get(0)), promise::fail);
        return promise.future();
    }

    @Override
    public Future<List<Response>> batch(List<Request> requests) {
        if (!Context.isOnEventLoopThread()) {
            return pool.batch(requests);
        }
        if (requests.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        Promise<List<Response>> promise = Promise.promise();
        lanes.get().queue(requests, promise::complete, promise::fail);
        return promise.future();
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

    /** Commands of one caller, answered together: their replies in order, or the one failure. */
    private record Waiter(int count, Consumer<List<Response>> done, Consumer<Throwable> failed) {
    }

    /** One event loop's connection and its commands of the current turn. Only its own thread touches it. */
    private final class Lane {
        private Future<RedisConnection> connection;
        private List<Request> queued = new ArrayList<>();
        private List<Waiter> waiters = new ArrayList<>();

        void queue(List<Request> requests, Consumer<List<Response>> done, Consumer<Throwable> failed) {
            boolean first = queued.isEmpty();
            queued.addAll(requests);
            waiters.add(new Waiter(requests.size(), done, failed));
            if (first) {
                Context context = Vertx.currentContext();
                if (context == null) {
                    flush();
                } else {
                    // Runs after the event loop has handled everything this wake-up read: one write for all of it.
                    context.runOnContext(v -> flush());
                }
            }
        }

        private void flush() {
            List<Request> requests = queued;
            List<Waiter> answered = waiters;
            queued = new ArrayList<>();
            waiters = new ArrayList<>();
            connection().compose(c -> requests.size() == 1 ? c.send(requests.get(0)).map(Collections::singletonList)
                    : c.batch(requests)).onComplete(ar -> {
                        if (ar.failed()) {
                            answered.forEach(w -> w.failed().accept(ar.cause()));
                            return;
                        }
                        List<Response> replies = ar.result();
                        int at = 0;
                        for (Waiter w : answered) {
                            w.done().accept(replies.subList(at, at + w.count()));
                            at += w.count();
                        }
                    });
        }

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
