package dev.latchkey.client.plugins;

import dev.latchkey.plugins.api.PluginLogger;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What plugins print ({@code lk.log}, {@code print}), kept for the Plugins tab: the newest lines, bounded.
 * Also copied to the client log, and to an optional sink (the CLI prints each line).
 */
public final class PluginConsole implements PluginLogger {

    private static final Logger LOG = Logger.getLogger("latchkey.plugins");

    /** One console line. */
    public record Line(Instant time, String plugin, System.Logger.Level level, String message) {
        @Override
        public String toString() {
            return "[" + plugin + "] " + level.getName() + " " + message;
        }
    }

    private final int capacity;
    private final ArrayDeque<Line> lines = new ArrayDeque<>();
    private final Consumer<Line> sink;
    private long total;

    public PluginConsole(int capacity, Consumer<Line> sink) {
        this.capacity = capacity;
        this.sink = sink;
    }

    @Override
    public void log(String plugin, System.Logger.Level level, String message) {
        add(new Line(Instant.now(), plugin, level, message));
    }

    /** Adds a line of the client's own about a plugin (loaded, failed, stopped). */
    public void host(String plugin, System.Logger.Level level, String message) {
        add(new Line(Instant.now(), plugin, level, message));
    }

    private void add(Line line) {
        synchronized (this) {
            if (lines.size() == capacity) {
                lines.removeFirst();
            }
            lines.addLast(line);
            total++;
        }
        LOG.log(julLevel(line.level()), line.toString());
        if (sink != null) {
            sink.accept(line);
        }
    }

    public synchronized List<Line> snapshot() {
        return List.copyOf(lines);
    }

    /** Lines ever added (the UI scrolls to the bottom when it grows). */
    public synchronized long total() {
        return total;
    }

    public synchronized void clear() {
        lines.clear();
    }

    private static Level julLevel(System.Logger.Level level) {
        return switch (level) {
            case ERROR -> Level.SEVERE;
            case WARNING -> Level.WARNING;
            case DEBUG, TRACE -> Level.FINE;
            default -> Level.INFO;
        };
    }
}
