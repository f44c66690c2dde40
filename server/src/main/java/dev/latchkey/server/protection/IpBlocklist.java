package dev.latchkey.server.protection;

import dev.latchkey.server.infra.RedisStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.ResponseType;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;

/**
 * The blocked networks, held in memory on every node so the check costs no I/O. PostgreSQL is
 * the truth; a change is announced on a Redis channel and every node reloads; a periodic reload
 * (and one after every Redis reconnect) covers any announcement missed.
 */
public final class IpBlocklist {

    private static final Logger LOG = Logger.getLogger(IpBlocklist.class.getName());
    private static final long RELOAD_MS = 30_000;
    private static final long RESUBSCRIBE_MS = 2_000;

    private final Vertx vertx;
    private final BlocklistRepository repository;
    private final RedisStore redis;
    private final String channel;
    private volatile List<BlocklistRepository.Entry> entries = List.of();
    private long timer = -1;
    private RedisConnection subscription;
    private volatile boolean closed;

    public IpBlocklist(Vertx vertx, BlocklistRepository repository, RedisStore redis) {
        this.vertx = vertx;
        this.repository = repository;
        this.redis = redis;
        this.channel = redis.key("blocklist");
    }

    public Future<Void> start() {
        timer = vertx.setPeriodic(RELOAD_MS, t -> reload());
        subscribe();
        return reload();
    }

    /** The entry blocking {@code ip}, or null. */
    public BlocklistRepository.Entry blocking(String ip) {
        byte[] address = Cidr.literal(ip);
        if (address == null) {
            return null;
        }
        Instant now = Instant.now();
        for (BlocklistRepository.Entry e : entries) {
            if ((e.expiresAt() == null || e.expiresAt().toInstant().isAfter(now)) && e.cidr().contains(address)) {
                return e;
            }
        }
        return null;
    }

    public Future<Void> reload() {
        return repository.live().map(list -> {
            entries = List.copyOf(list);
            return (Void) null;
        }).onFailure(e -> LOG.warning("Could not reload the IP blocklist; keeping the last one: " + e.getMessage()));
    }

    /** Tells every node (this one included) to reload. */
    public Future<Void> announce() {
        return reload().compose(v -> redis.send(Command.PUBLISH, channel, "reload").<Void>mapEmpty().otherwiseEmpty());
    }

    private void subscribe() {
        if (closed) {
            return;
        }
        redis.client().connect().onSuccess(conn -> {
            subscription = conn;
            conn.handler(msg -> {
                // RESP3 delivers a PUSH, RESP2 a MULTI: both are ["message", channel, payload].
                if ((msg.type() == ResponseType.PUSH || msg.type() == ResponseType.MULTI) && msg.size() >= 3
                        && "message".equals(msg.get(0).toString())) {
                    reload();
                }
            });
            conn.exceptionHandler(e -> { });
            conn.endHandler(v -> {
                subscription = null;
                vertx.setTimer(RESUBSCRIBE_MS, t -> subscribe());
            });
            conn.send(Request.cmd(Command.SUBSCRIBE, channel))
                    .onSuccess(r -> reload())
                    .onFailure(e -> conn.close());
        }).onFailure(e -> vertx.setTimer(RESUBSCRIBE_MS, t -> subscribe()));
    }

    public void stop() {
        closed = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (subscription != null) {
            subscription.close();
        }
    }
}
