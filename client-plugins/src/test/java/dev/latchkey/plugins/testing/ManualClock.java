package dev.latchkey.plugins.testing;

import dev.latchkey.plugins.time.MonotonicClock;
import java.time.Duration;

/** A monotonic clock that moves only when a test says so. */
public final class ManualClock implements MonotonicClock {

    private long nanos = 1_000_000_000L;

    @Override
    public long nanoTime() {
        return nanos;
    }

    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a monotonic clock never goes back");
        }
        nanos += duration.toNanos();
    }

    public void advanceSeconds(long seconds) {
        advance(Duration.ofSeconds(seconds));
    }
}
