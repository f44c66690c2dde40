package dev.latchkey.server.licensing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CachedEntitlementsTest {

    private static Entitlements.Entry license(Random r, int features) {
        List<String> f = new ArrayList<>();
        for (int i = 0; i < features; i++) {
            f.add("feature-" + i + (i % 3 == 0 ? "-한국어" : ""));
        }
        String[] statuses = {"active", "suspended", "revoked", "expired"};
        return new Entitlements.Entry(UUID.randomUUID(), UUID.randomUUID(), "Product ✓ " + r.nextInt(), statuses[r.nextInt(4)],
                r.nextBoolean() ? null : (long) r.nextInt(Integer.MAX_VALUE), r.nextBoolean() ? null : r.nextInt(36500) + 1,
                r.nextInt(100_000), r.nextInt(100_000), r.nextBoolean(), f, 10 + r.nextInt(86_390), 60 + r.nextInt(2_591_940));
    }

    @Test
    @DisplayName("entitlements come back from their cached bytes exactly as they went in (random licenses, features, Unicode names)")
    void roundTrip() {
        Random r = new Random(15);
        for (int n = 0; n < 200; n++) {
            List<Entitlements.Entry> licenses = new ArrayList<>();
            for (int i = r.nextInt(5); i > 0; i--) {
                licenses.add(license(r, r.nextInt(51)));
            }
            CachedEntitlements c = new CachedEntitlements(String.valueOf(r.nextInt(1000)), String.valueOf(r.nextLong()),
                    r.nextLong(), new Entitlements(r.nextBoolean(), r.nextBoolean(), licenses));
            assertEquals(c, CachedEntitlements.decode(c.encode()));
        }
    }

    @Test
    @DisplayName("bytes of another layout, cut short or with trailing bytes read as a miss, never as other entitlements")
    void malformedIsAMiss() {
        byte[] good = new CachedEntitlements("3", "0", 1_700_000_000L,
                new Entitlements(false, true, List.of(license(new Random(1), 2)))).encode();
        assertNull(CachedEntitlements.decode(null));
        assertNull(CachedEntitlements.decode(new byte[0]));
        byte[] otherVersion = good.clone();
        otherVersion[0] = 99;
        assertNull(CachedEntitlements.decode(otherVersion));
        for (int cut = 1; cut < good.length; cut++) {
            assertNull(CachedEntitlements.decode(java.util.Arrays.copyOf(good, cut)), "cut at " + cut);
        }
        assertNull(CachedEntitlements.decode(java.util.Arrays.copyOf(good, good.length + 1)));
    }
}
