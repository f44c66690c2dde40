package dev.latchkey.plugins.api;

import dev.latchkey.plugins.time.MonotonicClock;

/** A token bucket per plugin, so a plugin cannot flood the user with notifications. */
public final class NotificationLimiter {

    private static final int BURST = 5;
    private static final long REFILL_NANOS = 12_000_000_000L;

    private final MonotonicClock clock;
    private double tokens = BURST;
    private long last;

    public NotificationLimiter(MonotonicClock clock) {
        this.clock = clock;
        this.last = clock.nanoTime();
    }

    public boolean tryAcquire() {
        long now = clock.nanoTime();
        tokens = Math.min(BURST, tokens + (double) (now - last) / REFILL_NANOS);
        last = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
