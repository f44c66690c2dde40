package dev.latchkey.server.infra;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link Redis} whose commands, when sent from an event loop, go over that loop's own long-lived
 * connection, pipelined and coalesced: every command issued during one turn of the event loop (all the
 * requests that one wake-up read, each with its own commands) is written to Redis in a single batch at
 * the end of that turn. Taking a pooled connection per command cost about six times the CPU per round
 * trip (measured: 23 us against 3.6 us, BENCHMARKS.md); writing each command on its own still cost a
 * write system call per command here and a read per command in Redis. Commands from other threads, and
 * {@link #connect()} (pub/sub), use the pool.
 *
 * <p>The client fails a whole batch when any of its commands gets an error reply ({@code -ERR}), so a turn's
 * commands go out as two batches, reads and writes: a Redis that refuses writes (out of memory, read-only,
 * a failed save) still answers the session and entitlements reads. An error reply to a write fails the
 * other writes of the same turn with it; every caller treats that as Redis trouble and takes its fallback.
 *
 * <p>A lost connection is dropped and replaced on the next command, so a Redis restart needs no
 * server restart. Failing fast while Redis is down is {@link RedisGuard}'s job, around this class.
 */
final class EventLoopRedis implements Redis {

    private static final Logger LOG = Logger.getLogger(EventLoopRedis.class.getName());
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

    /**
     * Commands that only read: an error reply to a write (a full or read-only Redis) must not fail them.
     * Compared by identity, not in a set: a command's hashCode allocates, and this runs for every command.
     */
    private static boolean isRead(Command c) {
        return c == Command.GET || c == Command.MGET || c == Command.GETRANGE || c == Command.EXISTS || c == Command.TTL || c == Command.PTTL
                || c == Command.PING;
    }

    /** The commands of one turn that go out as one batch, with whom to answer. */
    private static final class Batch {
        final List<Request> requests = new ArrayList<>();
        final List<Waiter> waiters = new ArrayList<>();
    }

    /** One event loop's connection and its commands of the current turn. Only its own thread touches it. */
    private final class Lane {
        private Future<RedisConnection> connection;
        private Batch reads = new Batch();
        private Batch writes = new Batch();
        private boolean scheduled;

        void queue(List<Request> requests, Consumer<List<Response>> done, Consumer<Throwable> failed) {
            boolean readOnly = true;
            for (Request r : requests) {
                readOnly &= isRead(r.command());
            }
            // Why two batches: the client fails a whole batch on any error reply, and Redis refuses writes alone
            // when it is out of memory, read-only or cannot save; reads must then still be answered from it.
            Batch batch = readOnly ? reads : writes;
            batch.requests.addAll(requests);
            batch.waiters.add(new Waiter(requests.size(), done, failed));
            if (!scheduled) {
                scheduled = true;
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
            scheduled = false;
            Batch r = reads;
            Batch w = writes;
            reads = new Batch();
            writes = new Batch();
            if (r.requests.isEmpty() && w.requests.isEmpty()) {
                return;
            }
            connection().onComplete(ar -> {
                if (ar.failed()) {
                    answer(r, null, ar.cause());
                    answer(w, null, ar.cause());
                } else {
                    send(ar.result(), r);
                    send(ar.result(), w);
                }
            });
        }

        private void send(RedisConnection c, Batch b) {
            if (b.requests.isEmpty()) {
                return;
            }
            Future<List<Response>> sent = b.requests.size() == 1
                    ? c.send(b.requests.get(0)).map(Collections::singletonList) : c.batch(b.requests);
            sent.onComplete(ar -> answer(b, ar.succeeded() ? ar.result() : null, ar.cause()));
        }

        /** Hands each waiter its replies, or the failure; one waiter's throwing callback cannot starve the others. */
        private void answer(Batch b, List<Response> replies, Throwable failure) {
            int at = 0;
            for (Waiter w : b.waiters) {
                try {
                    if (replies == null) {
                        w.failed().accept(failure);
                    } else {
                        w.done().accept(replies.subList(at, at + w.count()));
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "a Redis reply handler failed", e);
                }
                at += w.count();
            }
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
