package dev.latchkey.server.infra;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The shared Redis client and the key prefix every key of this deployment carries.
 *
 * <p>Commands sent from an event loop go over that loop's own long-lived connection, pipelined:
 * many requests in flight share one connection's writes and reads. Taking a pooled connection per
 * command cost about six times the CPU per round trip (measured: 23 us against 3.6 us, see
 * BENCHMARKS.md), and a heartbeat makes three. Commands from other threads use the pool.
 *
 * <p>A lost connection is dropped and replaced on the next command, so the server recovers from a
 * Redis restart without a restart of its own. While Redis refuses connections, a loop retries at
 * most every {@value #RETRY_MS} ms and fails commands at once in between: callers treat a failure
 * as a cache miss or a degraded limit, so an outage costs fast errors, not piled-up requests.
 */
public final class RedisStore {

    static final long RETRY_MS = 250;

    private final Redis client;
    private final String prefix;
    private final String uri;
    private final ThreadLocal<Lane> lanes = ThreadLocal.withInitial(Lane::new);
    private final ConcurrentLinkedQueue<Lane> allLanes = new ConcurrentLinkedQueue<>();

    private RedisStore(Redis client, String prefix, String uri) {
        this.client = client;
        this.prefix = prefix;
        this.uri = uri;
    }

    public static RedisStore create(Vertx vertx, String uri, String prefix) {
        RedisOptions options = new RedisOptions()
                .setConnectionString(uri)
                // One held connection per event loop and the pub/sub subscribers come out of this pool too.
                .setMaxPoolSize(16)
                .setMaxPoolWaiting(4096)
                .setMaxWaitingHandlers(16384);
        return new RedisStore(Redis.createClient(vertx, options), prefix, uri);
    }

    /** A key in this deployment's namespace. */
    public String key(String name) {
        return prefix + name;
    }

    public Future<Response> send(Command command, Object... args) {
        return send(Request.cmd(command, args));
    }

    public Future<Response> send(Request request) {
        return Context.isOnEventLoopThread() ? lane().connection().compose(c -> c.send(request)) : client.send(request);
    }

    /** Several commands in one round trip (not a transaction: see MULTI for that). */
    public Future<List<Response>> batch(List<Request> requests) {
        return Context.isOnEventLoopThread() ? lane().connection().compose(c -> c.batch(requests)) : client.batch(requests);
    }

    public Future<Void> ping() {
        return send(Command.PING).mapEmpty();
    }

    /** The pooled client, for connections of their own (pub/sub). */
    public Redis client() {
        return client;
    }

    /** The URI without a password, for messages. */
    public String display() {
        return PgUri.redact(uri);
    }

    public Future<Void> close() {
        allLanes.forEach(Lane::close);
        return client.close();
    }

    private Lane lane() {
        Lane lane = lanes.get();
        if (!lane.registered) {
            lane.registered = true;
            allLanes.add(lane);
        }
        return lane;
    }

    /** One event loop's connection. Only its own thread touches it, so it needs no locking. */
    private final class Lane {
        private boolean registered;
        private Future<RedisConnection> connection;
        private long retryAt;
        private Throwable lastFailure;

        Future<RedisConnection> connection() {
            Future<RedisConnection> current = connection;
            if (current != null) {
                return current;
            }
            if (lastFailure != null && System.currentTimeMillis() < retryAt) {
                return Future.failedFuture(lastFailure);
            }
            Future<RedisConnection> attempt = client.connect();
            connection = attempt;
            attempt.onSuccess(c -> {
                lastFailure = null;
                c.exceptionHandler(e -> drop(attempt));
                c.endHandler(v -> drop(attempt));
            }).onFailure(e -> {
                lastFailure = e;
                retryAt = System.currentTimeMillis() + RETRY_MS;
                drop(attempt);
            });
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
