package dev.latchkey.server.protection;

import dev.latchkey.server.infra.RedisStore;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.List;

/**
 * Fixed-window counters in Redis. One pipelined round trip per check: INCR (atomic, so
 * concurrent requests cannot overshoot), PEXPIRE NX (starts the window on the first hit), PTTL.
 */
public final class RedisRateLimiter {

    private final RedisStore redis;

    public RedisRateLimiter(RedisStore redis) {
        this.redis = redis;
    }

    public Future<Decision> hit(String key, RateLimit limit) {
        String k = redis.key("rl:" + key);
        long windowMs = limit.window().toMillis();
        return redis.batch(List.of(
                        Request.cmd(Command.INCR, k),
                        Request.cmd(Command.PEXPIRE, k, windowMs, "NX"),
                        Request.cmd(Command.PTTL, k)))
                .map(r -> {
                    long count = r.get(0).toLong();
                    long ttl = r.get(2) == null ? windowMs : r.get(2).toLong();
                    long reset = Math.max(1, (ttl < 0 ? windowMs : ttl) / 1000 + ((ttl % 1000) > 0 ? 1 : 0));
                    int remaining = (int) Math.max(0, limit.count() - count);
                    return new Decision(count <= limit.count(), limit.count(), remaining, reset);
                });
    }
}
