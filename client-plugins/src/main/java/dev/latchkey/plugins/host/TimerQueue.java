package dev.latchkey.plugins.host;

import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import org.luaj.vm2.LuaFunction;

/** Pending {@code lk.after}/{@code lk.every} callbacks of all plugins, ordered by monotonic due time. */
final class TimerQueue {

    /** More timers than this per plugin is a leak or an attack; either way it is refused. */
    static final int MAX_TIMERS_PER_PLUGIN = 64;

    static final class Timer {
        final int id;
        final LoadedPlugin plugin;
        final LuaFunction function;
        final long periodNanos;
        final long sequence;
        long dueNanos;
        boolean cancelled;

        Timer(int id, LoadedPlugin plugin, LuaFunction function, long dueNanos, long periodNanos, long sequence) {
            this.id = id;
            this.plugin = plugin;
            this.function = function;
            this.dueNanos = dueNanos;
            this.periodNanos = periodNanos;
            this.sequence = sequence;
        }
    }

    private final PriorityQueue<Timer> queue = new PriorityQueue<>((a, b) -> {
        int byDue = Long.compare(a.dueNanos - b.dueNanos, 0);
        return byDue != 0 ? byDue : Long.compare(a.sequence, b.sequence);
    });
    private final Map<Integer, Timer> byId = new HashMap<>();
    private int nextId = 1;
    private long sequence;

    int add(LoadedPlugin plugin, LuaFunction function, long dueNanos, long periodNanos) {
        if (plugin.timerCount() >= MAX_TIMERS_PER_PLUGIN) {
            throw new IllegalStateException("at most " + MAX_TIMERS_PER_PLUGIN + " timers per plugin");
        }
        Timer timer = new Timer(nextId++, plugin, function, dueNanos, periodNanos, sequence++);
        queue.add(timer);
        byId.put(timer.id, timer);
        plugin.timerAdded();
        return timer.id;
    }

    /** Cancels a timer of {@code plugin}; a plugin cannot cancel another plugin's timers. */
    boolean cancel(LoadedPlugin plugin, int id) {
        Timer timer = byId.get(id);
        if (timer == null || timer.plugin != plugin) {
            return false;
        }
        remove(timer);
        return true;
    }

    void cancelAll(LoadedPlugin plugin) {
        byId.values().stream().filter(t -> t.plugin == plugin).toList().forEach(this::remove);
    }

    /** The earliest timer due at {@code now}, taken off the queue; null if none is due. */
    Timer pollDue(long now) {
        Timer head = queue.peek();
        if (head == null || head.dueNanos - now > 0) {
            return null;
        }
        return queue.poll();
    }

    /** Puts a repeating timer back, skipping runs it missed rather than firing them in a burst. */
    void rearm(Timer timer, long now) {
        if (timer.cancelled || timer.periodNanos <= 0) {
            forget(timer);
            return;
        }
        timer.dueNanos += timer.periodNanos;
        if (timer.dueNanos - now <= 0) {
            timer.dueNanos = now + timer.periodNanos;
        }
        queue.add(timer);
    }

    /** Nanoseconds from {@code now} until the next timer is due (0 if overdue), or {@link Long#MAX_VALUE}. */
    long nanosUntilNext(long now) {
        Timer head = queue.peek();
        return head == null ? Long.MAX_VALUE : Math.max(0, head.dueNanos - now);
    }

    private void remove(Timer timer) {
        timer.cancelled = true;
        queue.remove(timer);
        forget(timer);
    }

    private void forget(Timer timer) {
        if (byId.remove(timer.id) != null) {
            timer.plugin.timerRemoved();
        }
    }
}
