package dev.latchkey.plugins.time;

/**
 * A clock that only moves forward, in nanoseconds from an arbitrary origin. Changing the system time
 * does not move it, which is why license time and timers are measured with it.
 */
@FunctionalInterface
public interface MonotonicClock {

    /** {@link System#nanoTime()}. */
    MonotonicClock SYSTEM = System::nanoTime;

    long nanoTime();
}
