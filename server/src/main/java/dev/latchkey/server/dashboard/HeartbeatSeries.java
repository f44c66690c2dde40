package dev.latchkey.server.dashboard;

import dev.latchkey.server.infra.RedisStore;
import dev.latchkey.server.ops.Metrics;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Heartbeats per minute of the whole cluster, for the overview chart. Each node samples its own heartbeat
 * counter ({@code latchkey_heartbeats_total}) every {@value #SAMPLE_MS} ms and adds what it counted since the
 * last sample to the Redis counter of the current minute ({@code dash:hb:<epoch minute>}, kept two hours).
 */
final class HeartbeatSeries {

    static final long SAMPLE_MS = 5_000;
    static final int MINUTES = 60;
    private static final int KEEP_SECONDS = 2 * 3600;

    private final Vertx vertx;
    private final RedisStore redis;
    private final DoubleSupplier counter;
    private double last;
    private long timer = -1;

    HeartbeatSeries(Vertx vertx, RedisStore redis, DoubleSupplier counter) {
        this.vertx = vertx;
        this.redis = redis;
        this.counter = counter;
        this.last = counter.getAsDouble();
    }

    /** The sum of this process's heartbeat counters (all outcomes). */
    static DoubleSupplier counter(Metrics metrics) {
        return () -> metrics.registry().find("latchkey_heartbeats").counters().stream().mapToDouble(Counter::count).sum();
    }

    synchronized void start() {
        if (timer < 0) {
            timer = vertx.setPeriodic(SAMPLE_MS, t -> sample());
        }
    }

    /** Adds the heartbeats counted since the last sample to the current minute. */
    synchronized Future<Void> sample() {
        double now = counter.getAsDouble();
        long delta = Math.round(now - last);
        last = now;
        if (delta <= 0) {
            return Future.succeededFuture();
        }
        String key = key(System.currentTimeMillis() / 60_000);
        return redis.send(Command.INCRBY, key, String.valueOf(delta))
                .compose(r -> redis.send(Command.EXPIRE, key, String.valueOf(KEEP_SECONDS)))
                .<Void>mapEmpty().otherwiseEmpty();
    }

    /** Counts of the last {@value #MINUTES} minutes, oldest first; the last is the minute under way. */
    Future<List<Long>> lastHour() {
        long current = System.currentTimeMillis() / 60_000;
        List<Object> keys = new ArrayList<>();
        for (long m = current - MINUTES + 1; m <= current; m++) {
            keys.add(key(m));
        }
        return redis.send(Command.MGET, keys.toArray()).map(r -> {
            List<Long> out = new ArrayList<>(MINUTES);
            for (int i = 0; i < MINUTES; i++) {
                Response v = r == null || i >= r.size() ? null : r.get(i);
                out.add(v == null ? 0L : v.toLong());
            }
            return out;
        });
    }

    private String key(long minute) {
        return redis.key("dash:hb:" + minute);
    }

    synchronized Future<Void> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        return sample();
    }
}
