package dev.latchkey.plugins.license;

import dev.latchkey.plugins.time.MonotonicClock;
import dev.latchkey.protocol.lease.Lease;
import dev.latchkey.protocol.lease.LeaseException;
import dev.latchkey.protocol.lease.LeaseLicense;
import dev.latchkey.protocol.lease.LeaseVerifier;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The host's authority on license validity. A license counts only while a lease signed by the pinned
 * server key covers "now", where now is the last server time seen plus the time elapsed on a monotonic
 * clock since. The system clock is consulted only when resuming from a checkpoint, and then can only
 * make the remaining time shorter. Thread-safe (the client UI reads status while plugins beat).
 */
public final class LeaseGuard {

    private static final long NANOS = 1_000_000_000L;

    /** What became of a heartbeat reply. */
    public enum Verdict {
        /** A fresh verified lease is now in force. */
        ACCEPTED,
        /** The server said {@code valid: false}: locked at once until a good reply. */
        REFUSED,
        /** The reply carried no usable lease; nothing changed. */
        BAD_LEASE
    }

    /** A verdict with a human-readable detail. */
    public record Acceptance(Verdict verdict, String detail) {
    }

    private final LeaseVerifier verifier;
    private final MonotonicClock clock;
    private final Clock wallClock;
    private final String expectedSubject;
    private final String expectedDevice;

    private Lease lease;
    private String leaseToken;
    private String refusedCode;
    private boolean anchored;
    private long anchorServerNanos;
    private long anchorMonotonicNanos;

    /**
     * @param verifier        verifier pinned to the server's public key
     * @param clock           monotonic clock measuring time since the last server time
     * @param wallClock       system clock, used only by {@link #resume} and by {@link #serverTimeMillis} before any server contact
     * @param expectedSubject the signed-in user's id, or null to skip the check
     * @param expectedDevice  this device's id, or null to skip the check
     */
    public LeaseGuard(LeaseVerifier verifier, MonotonicClock clock, Clock wallClock,
            String expectedSubject, String expectedDevice) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
        this.expectedSubject = expectedSubject;
        this.expectedDevice = expectedDevice;
    }

    /** Takes in a heartbeat reply: verifies its lease, or locks on {@code valid: false}. */
    public synchronized Acceptance accept(HeartbeatReply reply) {
        if (!reply.valid()) {
            // Locking needs no signature: a forged refusal can only do what blocking the network does.
            refusedCode = reply.code() == null || reply.code().isBlank() ? "INVALID" : reply.code();
            return new Acceptance(Verdict.REFUSED, refusedCode);
        }
        Lease candidate;
        try {
            candidate = checked(reply.lease());
        } catch (LeaseException e) {
            return new Acceptance(Verdict.BAD_LEASE, e.getMessage());
        }
        // A replayed older lease must not pull server time back and reopen its window.
        if (lease != null && candidate.issuedAt() < lease.issuedAt()) {
            return new Acceptance(Verdict.BAD_LEASE, "lease is older than the one already held");
        }
        long serverNow = Math.max(anchored ? serverNanos() : Long.MIN_VALUE, candidate.issuedAt() * NANOS);
        if (candidate.expiresAt() * NANOS <= serverNow) {
            return new Acceptance(Verdict.BAD_LEASE, "lease has already expired");
        }
        install(candidate, reply.lease(), serverNow);
        refusedCode = null;
        return new Acceptance(Verdict.ACCEPTED, "lease valid until " + candidate.expiresAt());
    }

    /**
     * Restores a lease saved before a restart. Server time resumes at the latest of the checkpoint's time,
     * the lease's issue time and the system clock: a clock set back cannot win time, one set forward only loses it.
     */
    public synchronized Acceptance resume(LeaseCheckpoint checkpoint) {
        Lease candidate;
        try {
            candidate = checked(checkpoint.lease());
        } catch (LeaseException e) {
            return new Acceptance(Verdict.BAD_LEASE, e.getMessage());
        }
        long wallNanos = Math.multiplyExact(wallClock.millis(), 1_000_000L);
        long serverNow = Math.max(Math.max(checkpoint.serverSeconds(), candidate.issuedAt()) * NANOS, wallNanos);
        if (candidate.expiresAt() * NANOS <= serverNow) {
            return new Acceptance(Verdict.BAD_LEASE, "saved lease has expired");
        }
        install(candidate, checkpoint.lease(), serverNow);
        return new Acceptance(Verdict.ACCEPTED, "resumed lease valid until " + candidate.expiresAt());
    }

    /** The current lease and server time, for the client to persist; empty before the first lease. */
    public synchronized Optional<LeaseCheckpoint> checkpoint() {
        if (lease == null) {
            return Optional.empty();
        }
        return Optional.of(new LeaseCheckpoint(leaseToken, Math.floorDiv(serverNanos(), NANOS)));
    }

    /** What is allowed right now. */
    public synchronized LicenseStatus status() {
        if (refusedCode != null) {
            return LicenseStatus.locked(refusedCode);
        }
        if (lease == null) {
            return LicenseStatus.locked(LicenseStatus.NO_LEASE);
        }
        long now = Math.floorDiv(serverNanos(), NANOS);
        if (!lease.covers(now)) {
            return LicenseStatus.locked(LicenseStatus.GRACE_EXPIRED);
        }
        List<LeaseLicense> active = lease.licenses().stream().filter(l -> l.activeAt(now)).toList();
        if (active.isEmpty()) {
            return LicenseStatus.locked(LicenseStatus.NO_ACTIVE_LICENSE);
        }
        return new LicenseStatus(true, LicenseStatus.OK, active, lease.expiresAt() - now);
    }

    /** Nanoseconds (monotonic) until the status may change by itself; {@link Long#MAX_VALUE} if it cannot. */
    public synchronized long nanosUntilChange() {
        if (refusedCode != null || lease == null) {
            return Long.MAX_VALUE;
        }
        long now = serverNanos();
        long next = lease.expiresAt() * NANOS;
        if (next <= now) {
            return Long.MAX_VALUE;
        }
        for (LeaseLicense license : lease.licenses()) {
            if (license.expiresAt() != null) {
                long end = license.expiresAt().getEpochSecond() * NANOS;
                if (end > now) {
                    next = Math.min(next, end);
                }
            }
        }
        return Math.max(0, next - now);
    }

    /** Server-adjusted time in epoch milliseconds; the system clock until a server time has been seen. */
    public synchronized long serverTimeMillis() {
        return anchored ? Math.floorDiv(serverNanos(), 1_000_000L) : wallClock.millis();
    }

    private Lease checked(String token) throws LeaseException {
        Lease candidate = verifier.verify(token);
        // A lease for another user or device is genuine but not ours: it must not unlock this install.
        if (expectedSubject != null && !expectedSubject.equals(candidate.subject())) {
            throw new LeaseException(LeaseException.Reason.INVALID_CLAIMS, "lease is for another user");
        }
        if (expectedDevice != null && !expectedDevice.equals(candidate.deviceId())) {
            throw new LeaseException(LeaseException.Reason.INVALID_CLAIMS, "lease is for another device");
        }
        return candidate;
    }

    private void install(Lease candidate, String token, long serverNow) {
        lease = candidate;
        leaseToken = token;
        anchored = true;
        anchorServerNanos = serverNow;
        anchorMonotonicNanos = clock.nanoTime();
    }

    private long serverNanos() {
        return anchorServerNanos + (clock.nanoTime() - anchorMonotonicNanos);
    }
}
