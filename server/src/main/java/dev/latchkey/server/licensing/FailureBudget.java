package dev.latchkey.server.licensing;

import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.ErrorCode;
import dev.latchkey.server.infra.RedisStore;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.List;

/**
 * Counts wrong license keys per caller in Redis: past the limit within the window, further
 * attempts are refused with 429 until the window ends, so keys cannot be guessed online.
 */
public final class FailureBudget {

    private final RedisStore redis;
    private final String name;
    private final int limit;
    private final Duration window;

    public FailureBudget(RedisStore redis, String name, int limit, Duration window) {
        this.redis = redis;
        this.name = name;
        this.limit = limit;
        this.window = window;
    }

    /** Fails with RATE_LIMITED when {@code subject} has used up its budget. */
    public Future<Void> check(String subject) {
        String key = key(subject);
        return redis.batch(List.of(Request.cmd(Command.GET, key), Request.cmd(Command.TTL, key)))
                .compose(r -> {
                    long used = r.get(0) == null ? 0 : r.get(0).toLong();
                    if (used < limit) {
                        return Future.<Void>succeededFuture();
                    }
                    long ttl = r.get(1) == null ? window.toSeconds() : Math.max(1, r.get(1).toLong());
                    return Future.<Void>failedFuture(new ApiException(ErrorCode.RATE_LIMITED,
                            "Too many wrong license keys; try again later", (int) ttl));
                }, redisDown -> Future.succeededFuture());
    }

    /** Counts one failure (one atomic round trip: INCR, and EXPIRE only when the window opens). */
    public Future<Void> fail(String subject) {
        String key = key(subject);
        return redis.batch(List.of(Request.cmd(Command.INCR, key),
                        Request.cmd(Command.EXPIRE, key, window.toSeconds(), "NX")))
                .<Void>mapEmpty().otherwiseEmpty();
    }

    private String key(String subject) {
        return redis.key("budget:" + name + ":" + subject);
    }
}
