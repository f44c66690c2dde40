package dev.latchkey.protocol.hwid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HwidMatcherTest {

    private static final String[] NAMES = {"cpu", "board", "disk", "mac", "machine"};

    private static HwidComponents device(String... values) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            m.put(NAMES[i], HwidComponents.sha256Hex(values[i]));
        }
        return HwidComponents.of(m);
    }

    @Test
    @DisplayName("a device with one of five parts changed is still the same device (4/5)")
    void fourOfFiveMatches() {
        var c = HwidMatcher.compare(device("a", "b", "c", "d", "e"), device("a", "b", "c", "d", "NEW"));
        assertEquals(5, c.shared());
        assertEquals(4, c.equal());
        assertTrue(c.sameDevice());
        assertFalse(c.identical());
    }

    @Test
    @DisplayName("exactly 70% equal is enough; 3 of 5 is not")
    void thresholdIsSeventyPercent() {
        Map<String, String> known = new LinkedHashMap<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            known.put("c" + i, HwidComponents.sha256Hex("k" + i));
            seen.put("c" + i, HwidComponents.sha256Hex(i < 7 ? "k" + i : "x" + i));
        }
        assertTrue(HwidMatcher.compare(HwidComponents.of(known), HwidComponents.of(seen)).sameDevice());
        assertFalse(HwidMatcher.compare(device("a", "b", "c", "d", "e"), device("a", "b", "c", "X", "Y")).sameDevice());
    }

    @Test
    @DisplayName("two of five equal components is a different device")
    void twoOfFiveRejected() {
        assertFalse(HwidMatcher.compare(device("a", "b", "c", "d", "e"), device("a", "b", "X", "Y", "Z")).sameDevice());
    }

    @Test
    @DisplayName("components only one side carries are ignored; nothing shared never matches")
    void onlySharedComponentsCount() {
        assertTrue(HwidMatcher.compare(device("a", "b", "c"), device("a", "b", "c", "d", "e")).sameDevice());
        var none = HwidMatcher.compare(HwidComponents.of(Map.of("cpu", HwidComponents.sha256Hex("a"))),
                HwidComponents.of(Map.of("disk", HwidComponents.sha256Hex("a"))));
        assertEquals(0, none.shared());
        assertFalse(none.sameDevice());
    }

    @Test
    @DisplayName("a plain-string HWID becomes one hashed component; a hex digest is kept as sent")
    void plainString() {
        HwidComponents plain = HwidComponents.ofPlain("MY-MACHINE-42");
        assertEquals(Map.of("hwid", HwidComponents.sha256Hex("MY-MACHINE-42")), plain.asMap());
        String hex = HwidComponents.sha256Hex("x").toUpperCase();
        assertEquals(hex.toLowerCase(), HwidComponents.ofPlain(hex).asMap().get("hwid"));
    }

    @Test
    @DisplayName("malformed fingerprints are refused with a reason")
    void malformedRefused() {
        assertThrows(IllegalArgumentException.class, () -> HwidComponents.of(Map.of()));
        assertThrows(IllegalArgumentException.class, () -> HwidComponents.of(Map.of("cpu", "not-hex")));
        assertThrows(IllegalArgumentException.class, () -> HwidComponents.of(Map.of("CPU!", HwidComponents.sha256Hex("a"))));
        assertThrows(IllegalArgumentException.class, () -> HwidComponents.of(Map.of("cpu", 42)));
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i <= HwidComponents.MAX_COMPONENTS; i++) {
            many.put("c" + i, HwidComponents.sha256Hex("v" + i));
        }
        assertThrows(IllegalArgumentException.class, () -> HwidComponents.of(many));
        assertThrows(IllegalArgumentException.class, () -> HwidComponents.ofPlain(" "));
    }
}
