package dev.latchkey.server.protection;

import dev.latchkey.server.config.ConfigException;
import dev.latchkey.server.config.Durations;
import java.time.Duration;

/** A limit as configured: {@code COUNT/WINDOW}, e.g. {@code 10/5m}. */
public record RateLimit(int count, Duration window) {

    public static RateLimit parse(String name, String text) {
        int slash = text.indexOf('/');
        try {
            if (slash < 1) {
                throw new IllegalArgumentException("expected COUNT/WINDOW such as 10/5m");
            }
            int count = Integer.parseInt(text.substring(0, slash).trim());
            if (count < 1) {
                throw new IllegalArgumentException("COUNT must be at least 1");
            }
            String w = text.substring(slash + 1).trim();
            Duration window = Durations.parse(Character.isDigit(w.charAt(0)) ? w : "1" + w);
            return new RateLimit(count, window);
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            throw new ConfigException(name + " must look like 10/5m (COUNT/WINDOW), got '" + text + "'");
        }
    }
}
