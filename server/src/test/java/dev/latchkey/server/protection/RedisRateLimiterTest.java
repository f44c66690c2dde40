package dev.latchkey.server.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.server.infra.RedisStore;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RedisRateLimiterTest {

    @Test
    @DisplayName("Epoch-aligned windows: the limit holds within a window, the next window starts afresh, keys expire after their window")
    void windows(Vertx vertx) {
        RedisStore redis = RedisStore.create(vertx, System.getenv().getOrDefault("LATCHKEY_TEST_REDIS_URI",
                "redis://127.0.0.1:6379"), "rltest-" + UUID.randomUUID() + ":", Duration.ofSeconds(2));
        try {
            RedisRateLimiter limiter = new RedisRateLimiter(redis);
            RateLimit twoPerMinute = new RateLimit(2, Duration.ofMinutes(1));
            long windowStart = (System.currentTimeMillis() / 60_000) * 60_000;
            long at = windowStart + 59_200;  // 0.8 s before the window ends

            Decision first = limiter.hit("api", "user:a", twoPerMinute, at).await();
            assertTrue(first.allowed());
            assertEquals(1, first.remaining());
            assertEquals(1, first.resetSeconds(), "0.8 s left rounds up to 1 s");
            assertTrue(limiter.hit("api", "user:a", twoPerMinute, at).await().allowed());
            Decision third = limiter.hit("api", "user:a", twoPerMinute, at).await();
            assertFalse(third.allowed(), "the third hit of a 2-per-minute window is refused");
            assertEquals(0, third.remaining());
            assertTrue(limiter.hit("api", "user:b", twoPerMinute, at).await().allowed(), "another subject has its own budget");

            Decision next = limiter.hit("api", "user:a", twoPerMinute, windowStart + 60_000).await();
            assertTrue(next.allowed(), "the next window starts afresh");
            assertEquals(1, next.remaining());
            assertEquals(60, next.resetSeconds());

            String key = redis.key("rl:api:" + (windowStart / 60_000 + 1) + ":"
                    + Math.floorMod("user:a".hashCode(), RedisRateLimiter.BUCKETS));
            assertEquals(1, redis.send(Command.HGET, key, "user:a").await().toLong(), "the subject's count is a field of its window's hash");
            long ttl = redis.send(Command.PTTL, key).await().toLong();
            assertTrue(ttl > 60_000 && ttl <= 65_000, "a window's key lives until its end plus the 5 s slack: " + ttl);
        } finally {
            redis.close().await();
        }
    }
}
