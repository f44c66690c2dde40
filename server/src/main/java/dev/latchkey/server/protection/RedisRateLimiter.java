package dev.latchkey.server.protection;

import dev.latchkey.server.infra.RedisStore;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.List;

/**
 * Fixed-window counters in Redis. One pipelined round trip of two commands per check: HINCRBY of the
 * subject's field in a hash of the current window (atomic, so concurrent requests cannot overshoot) and
 * PEXPIRE of that hash to the window's end plus a slack. Windows are aligned to the epoch, so the key
 * names its window and the reset time needs no third command. Each hit sets the expiry again, to the same
 * end by this node's clock, so the two commands need no transaction. Why PEXPIRE relative to now and not
 * PEXPIREAT: an absolute time from a node whose clock is behind Redis's would already be past, and Redis
 * would delete the counters on every hit.
 *
 * <p>Why the subjects of a class share {@value #BUCKETS} hashes per window instead of a key each: a key costs
 * Redis about 140 bytes and a field of a small hash (Redis's compact listpack encoding, up to 128 fields)
 * about 45, and every device of a fleet holds an API counter for the window it last called in.
 */
public final class RedisRateLimiter {

    /** How long a window's key outlives the window: covers clock differences between nodes. */
    private static final long SLACK_MS = 5_000;
    /**
     * Hashes per class and window. Redis keeps a hash of up to 128 fields in one compact array, searched and grown
     * by copying on every new field: at a million subjects a window, 8,192 hashes held 120 fields each and an HINCRBY
     * cost Redis 3.6 us; at 32,768 they hold about 30. Compact up to about four million subjects a window.
     */
    static final int BUCKETS = 32_768;

    private final RedisStore redis;

    public RedisRateLimiter(RedisStore redis) {
        this.redis = redis;
    }

    /** Counts one hit of {@code subject} (e.g. {@code user:<id>}) in class {@code limitClass}. */
    public Future<Decision> hit(String limitClass, String subject, RateLimit limit) {
        return hit(limitClass, subject, limit, System.currentTimeMillis());
    }

    Future<Decision> hit(String limitClass, String subject, RateLimit limit, long nowMs) {
        long windowMs = Math.max(1, limit.window().toMillis());
        long window = nowMs / windowMs;
        long endMs = (window + 1) * windowMs;
        String k = redis.key("rl:" + limitClass + ":" + window + ":" + Math.floorMod(subject.hashCode(), BUCKETS));
        return redis.batch(List.of(
                        Request.cmd(Command.HINCRBY, k, subject, "1"),
                        Request.cmd(Command.PEXPIRE, k, endMs - nowMs + SLACK_MS)))
                .map(r -> {
                    long count = r.get(0).toLong();
                    long left = endMs - nowMs;
                    long reset = Math.max(1, left / 1000 + (left % 1000 > 0 ? 1 : 0));
                    int remaining = (int) Math.max(0, limit.count() - count);
                    return new Decision(count <= limit.count(), limit.count(), remaining, reset);
                });
    }
}
