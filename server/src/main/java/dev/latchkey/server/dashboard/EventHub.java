package dev.latchkey.server.dashboard;

import dev.latchkey.server.infra.RedisStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The dashboards open on this node and what feeds them. Nothing runs while no dashboard is open: the first
 * stream to open subscribes to the Redis channel of live events and starts the statistics timer (every
 * {@value #STATS_MS} ms, computed once and sent to all streams); the last one to close stops the timer and
 * closes the subscription. A lost subscription is re-established while streams remain.
 */
public final class EventHub {

    static final long STATS_MS = 5_000;
    private static final long RESUBSCRIBE_MS = 2_000;

    private final Vertx vertx;
    private final RedisStore redis;
    private final EventChannel channel;
    private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
    private volatile Supplier<Future<JsonObject>> stats = () -> Future.succeededFuture(new JsonObject());
    private long statsTimer = -1;
    private boolean statsRunning;
    private RedisConnection subscription;
    private boolean subscribing;
    private boolean closed;

    EventHub(Vertx vertx, RedisStore redis, EventChannel channel) {
        this.vertx = vertx;
        this.redis = redis;
        this.channel = channel;
    }

    void statsFrom(Supplier<Future<JsonObject>> source) {
        this.stats = source;
    }

    EventChannel channel() {
        return channel;
    }

    /** Streams open on this node. */
    public int openStreams() {
        return streams.size();
    }

    /** Whether the statistics timer runs (only while a stream is open). */
    public synchronized boolean statsTimerRunning() {
        return statsTimer >= 0;
    }

    /** Whether this node holds a Redis subscription for live events (only while a stream is open). */
    public synchronized boolean subscribed() {
        return subscription != null || subscribing;
    }

    /** The Redis channel name, for tests that count its subscribers. */
    public String channelName() {
        return channel.channel();
    }

    synchronized boolean add(EventStream s) {
        if (closed) {
            return false;
        }
        streams.add(s);
        if (statsTimer < 0) {
            statsTimer = vertx.setPeriodic(STATS_MS, t -> broadcastStats());
        }
        subscribe();
        return true;
    }

    synchronized void remove(EventStream s) {
        if (streams.remove(s) && streams.isEmpty()) {
            if (statsTimer >= 0) {
                vertx.cancelTimer(statsTimer);
                statsTimer = -1;
            }
            RedisConnection c = subscription;
            subscription = null;
            if (c != null) {
                c.close();
            }
        }
    }

    /** Current statistics, for a stream that just opened. */
    Future<JsonObject> snapshot() {
        return stats.get();
    }

    private void broadcastStats() {
        synchronized (this) {
            if (statsRunning || streams.isEmpty()) {
                return;
            }
            statsRunning = true;
        }
        stats.get().onComplete(ar -> {
            synchronized (this) {
                statsRunning = false;
            }
            if (ar.succeeded()) {
                String json = ar.result().encode();
                streams.forEach(s -> s.stats(json));
            }
        });
    }

    private void subscribe() {
        if (subscription != null || subscribing || closed || streams.isEmpty()) {
            return;
        }
        subscribing = true;
        redis.client().connect().onComplete(ar -> {
            synchronized (this) {
                subscribing = false;
                if (ar.failed()) {
                    retryLater();
                    return;
                }
                RedisConnection conn = ar.result();
                if (streams.isEmpty() || closed) {
                    conn.close();
                    return;
                }
                subscription = conn;
                conn.handler(this::message);
                conn.exceptionHandler(e -> { });
                conn.endHandler(v -> lost(conn));
                conn.send(Request.cmd(Command.SUBSCRIBE, channel.channel())).onFailure(e -> conn.close());
            }
        });
    }

    private synchronized void lost(RedisConnection conn) {
        if (subscription == conn) {
            subscription = null;
            retryLater();
        }
    }

    private void retryLater() {
        if (!streams.isEmpty() && !closed) {
            vertx.setTimer(RESUBSCRIBE_MS, t -> {
                synchronized (this) {
                    subscribe();
                }
            });
        }
    }

    private void message(Response msg) {
        // RESP3 delivers a PUSH, RESP2 a MULTI: both are ["message", channel, payload].
        if ((msg.type() == ResponseType.PUSH || msg.type() == ResponseType.MULTI) && msg.size() >= 3
                && "message".equals(msg.get(0).toString())) {
            EventChannel.Entry e = EventChannel.parse(msg.get(2).toString());
            if (e != null) {
                streams.forEach(s -> s.audit(e));
            }
        }
    }

    /** Ends every stream, stops the timer and the subscription. */
    public Future<Void> close() {
        List<EventStream> open;
        synchronized (this) {
            closed = true;
            open = new ArrayList<>(streams);
        }
        open.forEach(EventStream::end);
        synchronized (this) {
            if (statsTimer >= 0) {
                vertx.cancelTimer(statsTimer);
                statsTimer = -1;
            }
            if (subscription != null) {
                subscription.close();
                subscription = null;
            }
        }
        return Future.succeededFuture();
    }
}
