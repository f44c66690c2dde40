package dev.latchkey.server.protection;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-process fallback while Redis is down: the same fixed windows, per node. Used for the
 * login and download classes only, so an attacker gains nothing by knocking Redis over.
 */
public final class LocalRateLimiter {

    private record Window(long startMs, int count) {
    }

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public Decision hit(String key, RateLimit limit, long nowMs) {
        long windowMs = limit.window().toMillis();
        Window w = windows.compute(key, (k, old) -> old == null || nowMs - old.startMs() >= windowMs
                ? new Window(nowMs, 1) : new Window(old.startMs(), old.count() + 1));
        long reset = Math.max(1, (w.startMs() + windowMs - nowMs + 999) / 1000);
        return new Decision(w.count() <= limit.count(), limit.count(), Math.max(0, limit.count() - w.count()), reset);
    }

    /** Forgets windows that ended (called periodically so the map cannot grow without bound). */
    public void sweep(long nowMs, long longestWindowMs) {
        windows.entrySet().removeIf(e -> nowMs - e.getValue().startMs() >= longestWindowMs);
    }

    public int size() {
        return windows.size();
    }
}
