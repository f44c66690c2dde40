package dev.latchkey.server.protection;

/** One rate-limit check: allowed or not, and what the RateLimit-* headers say. */
public record Decision(boolean allowed, int limit, int remaining, long resetSeconds) {

    /** When the limiter cannot tell (Redis down on a fail-open class). */
    public static Decision open(int limit) {
        return new Decision(true, limit, limit, 0);
    }
}
