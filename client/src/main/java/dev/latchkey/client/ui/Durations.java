package dev.latchkey.client.ui;

import java.time.Duration;

/** Countdowns as people read them: {@code 3d 04h}, {@code 2h 05m}, {@code 4m 09s}. */
public final class Durations {

    private Durations() {
    }

    public static String countdown(Duration d) {
        if (d.isNegative() || d.isZero()) {
            return "0s";
        }
        long s = d.getSeconds();
        long days = s / 86_400;
        long hours = s % 86_400 / 3600;
        long minutes = s % 3600 / 60;
        long seconds = s % 60;
        if (days > 0) {
            return String.format("%dd %02dh %02dm", days, hours, minutes);
        }
        if (hours > 0) {
            return String.format("%dh %02dm %02ds", hours, minutes, seconds);
        }
        return minutes > 0 ? String.format("%dm %02ds", minutes, seconds) : seconds + "s";
    }
}
