package dev.latchkey.server.infra;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;

/**
 * The shared Redis client and the key prefix every key of this deployment carries.
 *
 * <p>Commands from an event loop are pipelined over that loop's own connection ({@link EventLoopRedis});
 * a connection lost while Redis restarts is replaced on the next command, so the server recovers
 * without a restart. Every command is bounded in time and fails at once while Redis is known to be
 * down ({@link RedisGuard}), so callers reach their fallbacks fast even when Redis hangs.
 */
public final class RedisStore {

    private final Redis client;
    private final String prefix;
    private final String uri;

    private RedisStore(Redis client, String prefix, String uri) {
        this.client = client;
        this.prefix = prefix;
        this.uri = uri;
    }

    /** @param timeout the longest a command may take; a slower one counts as Redis being down */
    public static RedisStore create(Vertx vertx, String uri, String prefix, Duration timeout) {
        RedisOptions options = new RedisOptions()
                .setConnectionString(uri)
                // One held connection per event loop and the pub/sub subscribers come out of this pool too.
                .setMaxPoolSize(16)
                .setMaxPoolWaiting(4096)
                .setMaxWaitingHandlers(16384);
        options.getNetClientOptions().setConnectTimeout((int) Math.max(1, timeout.toMillis()));
        // The guard bounds every command in time and fails fast during an outage; the lanes pipeline underneath.
        return new RedisStore(new RedisGuard(vertx, new EventLoopRedis(Redis.createClient(vertx, options)), timeout), prefix, uri);
    }

    /** A key in this deployment's namespace. */
    public String key(String name) {
        return prefix + name;
    }

    public Future<Response> send(Command command, Object... args) {
        return client.send(Request.cmd(command, args));
    }

    /** Several commands in one round trip (not a transaction: see MULTI for that). */
    public Future<List<Response>> batch(List<Request> requests) {
        return client.batch(requests);
    }

    public Future<Void> ping() {
        return send(Command.PING).mapEmpty();
    }

    /** The client, for connections of their own (pub/sub). */
    public Redis client() {
        return client;
    }

    /** The URI without a password, for messages. */
    public String display() {
        return PgUri.redact(uri);
    }

    public Future<Void> close() {
        return client.close();
    }
}
