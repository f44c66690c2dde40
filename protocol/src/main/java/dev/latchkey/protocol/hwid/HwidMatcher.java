package dev.latchkey.protocol.hwid;

import java.util.Map;

/**
 * The device recognition rule shared by server and client.
 *
 * <p>A presented fingerprint belongs to a known device when at least 70% of the components
 * both of them carry are equal. Components only one side has are ignored, so a client that
 * learns to read one more serial does not turn into a new device; a replaced disk or network
 * card (one of five components) does not either.
 */
public final class HwidMatcher {

    /** Numerator and denominator of the 70% rule, kept integral so 7 of 10 is exactly enough. */
    private static final int REQUIRED_NUMERATOR = 7;
    private static final int REQUIRED_DENOMINATOR = 10;

    private HwidMatcher() {
    }

    /** How two fingerprints compare: components both carry, and how many of those are equal. */
    public record Comparison(int shared, int equal) {

        /** True when the fingerprints denote the same device under the 70% rule. */
        public boolean sameDevice() {
            return shared > 0 && equal * REQUIRED_DENOMINATOR >= shared * REQUIRED_NUMERATOR;
        }

        /** Share of equal components among shared ones, 0 when nothing is shared. */
        public double ratio() {
            return shared == 0 ? 0 : (double) equal / shared;
        }

        /** True when every shared component is equal and nothing would change on update. */
        public boolean identical() {
            return shared > 0 && equal == shared;
        }
    }

    public static Comparison compare(HwidComponents known, HwidComponents presented) {
        int shared = 0;
        int equal = 0;
        Map<String, String> presentedMap = presented.asMap();
        for (Map.Entry<String, String> e : known.asMap().entrySet()) {
            String other = presentedMap.get(e.getKey());
            if (other != null) {
                shared++;
                if (other.equals(e.getValue())) {
                    equal++;
                }
            }
        }
        return new Comparison(shared, equal);
    }
}
