package dev.latchkey.plugins.sandbox;

/** Lua's {@code %a %d %l %s %u %w %x %p %c %z} character classes, in the C locale (ASCII only). */
final class CharClass {

    private CharClass() {
    }

    /** Whether byte {@code c} belongs to class letter {@code cl}; an upper-case letter means the complement. */
    static boolean matches(int c, int cl) {
        boolean res;
        switch (Character.toLowerCase((char) cl)) {
            case 'a' -> res = isAlpha(c);
            case 'c' -> res = c < 32 || c == 127;
            case 'd' -> res = c >= '0' && c <= '9';
            case 'l' -> res = c >= 'a' && c <= 'z';
            case 'p' -> res = isPunct(c);
            case 's' -> res = c == ' ' || (c >= '\t' && c <= '\r');
            case 'u' -> res = c >= 'A' && c <= 'Z';
            case 'w' -> res = isAlpha(c) || (c >= '0' && c <= '9');
            case 'x' -> res = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            case 'z' -> res = c == 0;
            default -> {
                return cl == c;
            }
        }
        return Character.isLowerCase((char) cl) ? res : !res;
    }

    private static boolean isAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isPunct(int c) {
        return c > 32 && c < 127 && !isAlpha(c) && !(c >= '0' && c <= '9');
    }
}
