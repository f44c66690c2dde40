package dev.latchkey.protocol.license;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;

/**
 * License keys: 29 random Crockford base32 symbols (145 bits from a CSPRNG) and one check
 * symbol (Luhn mod 32), shown as six groups of five: {@code XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXC}.
 *
 * <p>The check symbol catches every single mistyped symbol and every swap of two neighbours
 * (but 0 and Z, the one blind spot of Luhn mod N), so the client and the server refuse a typo
 * without a database lookup. Reading is forgiving the
 * Crockford way: case, dashes and spaces are ignored, O reads as 0, I and L as 1.
 */
public final class LicenseKeyFormat {

    public static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public static final int DATA_SYMBOLS = 29;
    public static final int SYMBOLS = DATA_SYMBOLS + 1;
    private static final int GROUP = 5;
    private static final int N = ALPHABET.length();

    private LicenseKeyFormat() {
    }

    /** A new key in display form. */
    public static String generate(SecureRandom random) {
        char[] data = new char[DATA_SYMBOLS];
        for (int i = 0; i < DATA_SYMBOLS; i++) {
            data[i] = ALPHABET.charAt(random.nextInt(N));
        }
        String body = new String(data);
        return display(body + ALPHABET.charAt(checkFor(body)));
    }

    /**
     * The canonical form (30 symbols, no dashes) when the input is a well-formed key whose check
     * symbol matches; empty otherwise.
     */
    public static Optional<String> canonical(String input) {
        if (input == null || input.length() > 64) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder(SYMBOLS);
        for (char c : input.toUpperCase(Locale.ROOT).toCharArray()) {
            if (c == '-' || c == ' ') {
                continue;
            }
            char mapped = switch (c) {
                case 'O' -> '0';
                case 'I', 'L' -> '1';
                default -> c;
            };
            if (ALPHABET.indexOf(mapped) < 0) {
                return Optional.empty();
            }
            sb.append(mapped);
        }
        if (sb.length() != SYMBOLS || !checks(sb)) {
            return Optional.empty();
        }
        return Optional.of(sb.toString());
    }

    /** Groups of five joined by dashes. */
    public static String display(String canonical) {
        StringBuilder sb = new StringBuilder(canonical.length() + canonical.length() / GROUP);
        for (int i = 0; i < canonical.length(); i++) {
            if (i > 0 && i % GROUP == 0) {
                sb.append('-');
            }
            sb.append(canonical.charAt(i));
        }
        return sb.toString();
    }

    /** What may be shown of a key after it was issued: its last four symbols. */
    public static String lastFour(String canonical) {
        return canonical.substring(canonical.length() - 4);
    }

    static int checkFor(CharSequence body) {
        int factor = 2;
        int sum = 0;
        for (int i = body.length() - 1; i >= 0; i--) {
            int addend = factor * ALPHABET.indexOf(body.charAt(i));
            factor = factor == 2 ? 1 : 2;
            sum += addend / N + addend % N;
        }
        return (N - sum % N) % N;
    }

    private static boolean checks(CharSequence full) {
        int factor = 1;
        int sum = 0;
        for (int i = full.length() - 1; i >= 0; i--) {
            int addend = factor * ALPHABET.indexOf(full.charAt(i));
            factor = factor == 2 ? 1 : 2;
            sum += addend / N + addend % N;
        }
        return sum % N == 0;
    }
}
