package dev.latchkey.plugins.license;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.plugins.testing.LicenseServer;
import dev.latchkey.plugins.testing.ManualClock;
import dev.latchkey.plugins.testing.SettableWallClock;
import dev.latchkey.protocol.lease.Ed25519Keys;
import dev.latchkey.protocol.lease.Lease;
import dev.latchkey.protocol.lease.LeaseLicense;
import dev.latchkey.protocol.lease.LeaseSigner;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LeaseGuardTest {

    private final ManualClock clock = new ManualClock();
    private final LicenseServer server = new LicenseServer(clock);
    private final SettableWallClock wall = new SettableWallClock(Instant.ofEpochSecond(server.nowSeconds()));
    private final LeaseGuard guard = new LeaseGuard(server.pinnedVerifier(), clock, wall, LicenseServer.USER, LicenseServer.DEVICE);

    private HeartbeatReply good() throws Exception {
        return server.send();
    }

    @Test
    @DisplayName("Nothing is licensed before the first verified lease")
    void startsLocked() {
        assertEquals(LicenseStatus.NO_LEASE, guard.status().code());
        assertFalse(guard.status().valid());
    }

    @Test
    @DisplayName("A verified lease licenses until exactly its exp, measured on the monotonic clock")
    void leaseWindow() throws Exception {
        assertEquals(LeaseGuard.Verdict.ACCEPTED, guard.accept(good()).verdict());
        LicenseStatus status = guard.status();
        assertTrue(status.valid());
        assertEquals(LicenseServer.GRACE_SECONDS, status.secondsLeft());
        assertTrue(status.hasFeature("export"));
        clock.advanceSeconds(LicenseServer.GRACE_SECONDS - 1);
        assertTrue(guard.status().valid());
        clock.advanceSeconds(1);
        assertEquals(LicenseStatus.GRACE_EXPIRED, guard.status().code());
    }

    @Test
    @DisplayName("Setting the system clock back or forward changes nothing while running")
    void wallClockIgnoredWhileRunning() throws Exception {
        guard.accept(good());
        wall.set(Instant.ofEpochSecond(0));
        clock.advanceSeconds(LicenseServer.GRACE_SECONDS);
        assertFalse(guard.status().valid());
        wall.set(Instant.ofEpochSecond(server.nowSeconds() - 86_400));
        assertFalse(guard.status().valid());
    }

    @Test
    @DisplayName("valid:false locks at once with the server's code; a good reply unlocks")
    void refusalAndRecovery() throws Exception {
        guard.accept(good());
        server.refuseWith("LICENSE_SUSPENDED");
        assertEquals(LeaseGuard.Verdict.REFUSED, guard.accept(server.send()).verdict());
        assertEquals(LicenseStatus.locked("LICENSE_SUSPENDED"), guard.status());
        server.refuseWith(null);
        guard.accept(server.send());
        assertTrue(guard.status().valid());
    }

    @Test
    @DisplayName("Leases signed by another key, for another user or device, or tampered with change nothing")
    void badLeases() throws Exception {
        LeaseSigner stranger = new LeaseSigner(Ed25519Keys.generate(new SecureRandom()));
        long now = server.nowSeconds();
        LeaseLicense license = new LeaseLicense("l", "p", "active", null, List.of());
        List<String> leases = List.of(
                stranger.sign(new Lease(LicenseServer.USER, LicenseServer.DEVICE, List.of(license), now, now + 1800)),
                server.leaseFor("someone-else", LicenseServer.DEVICE, now),
                server.leaseFor(LicenseServer.USER, "other-device", now),
                server.leaseFor(LicenseServer.USER, LicenseServer.DEVICE, now).replace('.', ','),
                "");
        for (String lease : leases) {
            assertEquals(LeaseGuard.Verdict.BAD_LEASE, guard.accept(new HeartbeatReply(true, "OK", null, 300, lease)).verdict(), lease);
            assertEquals(LicenseStatus.NO_LEASE, guard.status().code());
        }
    }

    @Test
    @DisplayName("Replaying an older lease cannot pull server time back or extend the window")
    void replayOlderLease() throws Exception {
        String old = server.leaseFor(LicenseServer.USER, LicenseServer.DEVICE, server.nowSeconds());
        clock.advanceSeconds(600);
        guard.accept(good());
        assertEquals(LeaseGuard.Verdict.BAD_LEASE, guard.accept(new HeartbeatReply(true, "OK", null, 300, old)).verdict());
        clock.advanceSeconds(LicenseServer.GRACE_SECONDS);
        assertFalse(guard.status().valid());
    }

    @Test
    @DisplayName("A lease already expired on arrival is refused")
    void expiredOnArrival() throws Exception {
        String old = server.leaseFor(LicenseServer.USER, LicenseServer.DEVICE, server.nowSeconds());
        guard.accept(good());
        clock.advanceSeconds(LicenseServer.GRACE_SECONDS + 5);
        LeaseGuard fresh = new LeaseGuard(server.pinnedVerifier(), clock, wall, null, null);
        fresh.accept(good());
        assertEquals(LeaseGuard.Verdict.BAD_LEASE, fresh.accept(new HeartbeatReply(true, "OK", null, 300, old)).verdict());
    }

    @Test
    @DisplayName("After a restart with the clock set back, the saved lease keeps only the time it had left")
    void resumeWithClockSetBack() throws Exception {
        guard.accept(good());
        clock.advanceSeconds(1000);
        LeaseCheckpoint saved = guard.checkpoint().orElseThrow();

        wall.set(Instant.ofEpochSecond(server.nowSeconds() - 7 * 86_400));
        LeaseGuard restarted = new LeaseGuard(server.pinnedVerifier(), new ManualClock(), wall, LicenseServer.USER, LicenseServer.DEVICE);
        assertEquals(LeaseGuard.Verdict.ACCEPTED, restarted.resume(saved).verdict());
        assertEquals(LicenseServer.GRACE_SECONDS - 1000, restarted.status().secondsLeft());
    }

    @Test
    @DisplayName("After a restart with the clock set forward past the lease, nothing is resumed")
    void resumeWithClockSetForward() throws Exception {
        guard.accept(good());
        LeaseCheckpoint saved = guard.checkpoint().orElseThrow();
        wall.set(Instant.ofEpochSecond(server.nowSeconds() + LicenseServer.GRACE_SECONDS));
        LeaseGuard restarted = new LeaseGuard(server.pinnedVerifier(), new ManualClock(), wall, LicenseServer.USER, LicenseServer.DEVICE);
        assertEquals(LeaseGuard.Verdict.BAD_LEASE, restarted.resume(saved).verdict());
        assertFalse(restarted.status().valid());
    }

    @Test
    @DisplayName("The status changes by itself when the lease ends, and the guard says when")
    void nanosUntilChange() throws Exception {
        assertEquals(Long.MAX_VALUE, guard.nanosUntilChange());
        guard.accept(good());
        assertEquals(LicenseServer.GRACE_SECONDS * 1_000_000_000L, guard.nanosUntilChange());
        clock.advanceSeconds(100);
        assertEquals((LicenseServer.GRACE_SECONDS - 100) * 1_000_000_000L, guard.nanosUntilChange());
    }

    @Test
    @DisplayName("Server time follows the last lease, not the system clock")
    void serverTime() throws Exception {
        wall.set(Instant.ofEpochSecond(42));
        assertEquals(42_000, guard.serverTimeMillis());
        guard.accept(good());
        clock.advanceSeconds(10);
        assertEquals((server.nowSeconds()) * 1000, guard.serverTimeMillis());
    }
}
