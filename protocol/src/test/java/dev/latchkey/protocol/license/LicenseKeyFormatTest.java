package dev.latchkey.protocol.license;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LicenseKeyFormatTest {

    private static final Pattern DISPLAY = Pattern.compile("([0-9A-HJKMNP-TV-Z]{5}-){5}[0-9A-HJKMNP-TV-Z]{5}");
    private final SecureRandom random = new SecureRandom();

    @Test
    @DisplayName("keys read as six groups of five Crockford symbols and carry 145 random bits")
    void format() {
        String key = LicenseKeyFormat.generate(random);
        assertTrue(DISPLAY.matcher(key).matches(), key);
        assertTrue(LicenseKeyFormat.DATA_SYMBOLS * 5 >= 128);
        assertEquals(Optional.of(key.replace("-", "")), LicenseKeyFormat.canonical(key));
    }

    @Test
    @DisplayName("every single mistyped symbol, and every swap of two neighbours but 0 and Z, is refused")
    void checkSymbolCatchesTypos() {
        for (int k = 0; k < 200; k++) {
            String canonical = LicenseKeyFormat.generate(random).replace("-", "");
            for (int i = 0; i < canonical.length(); i++) {
                for (char c : LicenseKeyFormat.ALPHABET.toCharArray()) {
                    if (c != canonical.charAt(i)) {
                        String typo = canonical.substring(0, i) + c + canonical.substring(i + 1);
                        assertTrue(LicenseKeyFormat.canonical(typo).isEmpty(), typo);
                    }
                }
                if (i + 1 < canonical.length() && canonical.charAt(i) != canonical.charAt(i + 1)) {
                    String swapped = canonical.substring(0, i) + canonical.charAt(i + 1) + canonical.charAt(i) + canonical.substring(i + 2);
                    if (LicenseKeyFormat.canonical(swapped).isPresent()) {
                        // Luhn mod N misses exactly one kind of swap: the symbols of value 0 and N-1 (0 and Z).
                        String pair = "" + canonical.charAt(i) + canonical.charAt(i + 1);
                        assertTrue(pair.equals("0Z") || pair.equals("Z0"), "swap " + pair + " slipped through");
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("reading is forgiving: case, spaces, dashes, O for 0, I and L for 1")
    void forgivingInput() {
        String key = LicenseKeyFormat.generate(random);
        String canonical = key.replace("-", "");
        assertEquals(Optional.of(canonical), LicenseKeyFormat.canonical(" " + key.toLowerCase() + " "));
        assertEquals(Optional.of(canonical), LicenseKeyFormat.canonical(canonical.replace('0', 'O').replace('1', 'I')));
        assertTrue(LicenseKeyFormat.canonical("U" + canonical.substring(1)).isEmpty(), "U is not a symbol");
        assertTrue(LicenseKeyFormat.canonical(canonical.substring(1)).isEmpty(), "too short");
        assertTrue(LicenseKeyFormat.canonical(null).isEmpty());
    }

    @Test
    @DisplayName("100,000 keys are all distinct and all valid")
    void unique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String key = LicenseKeyFormat.generate(random);
            assertTrue(seen.add(key));
            assertTrue(LicenseKeyFormat.canonical(key).isPresent());
        }
    }
}
