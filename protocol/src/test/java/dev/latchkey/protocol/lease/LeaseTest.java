package dev.latchkey.protocol.lease;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LeaseTest {

    @Test
    @DisplayName("A lease covers [iat, exp): not before it was issued, not at or after exp")
    void window() {
        Lease lease = new Lease("u", "d", List.of(), 100, 200);
        assertFalse(lease.covers(99));
        assertTrue(lease.covers(100));
        assertTrue(lease.covers(199));
        assertFalse(lease.covers(200));
        assertThrows(IllegalArgumentException.class, () -> new Lease("u", "d", List.of(), 200, 200));
    }

    @Test
    @DisplayName("A license is active only with status active and before its own end date")
    void licenseActivity() {
        Instant end = Instant.ofEpochSecond(1_000);
        assertTrue(new LeaseLicense("l", "p", "active", end, null).activeAt(999));
        assertFalse(new LeaseLicense("l", "p", "active", end, null).activeAt(1_000));
        assertFalse(new LeaseLicense("l", "p", "suspended", null, null).activeAt(0));
        assertTrue(new LeaseLicense("l", "p", "active", null, null).activeAt(Long.MAX_VALUE));
    }
}
