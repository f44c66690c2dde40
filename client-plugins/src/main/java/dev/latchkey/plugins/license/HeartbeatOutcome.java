package dev.latchkey.plugins.license;

/**
 * One heartbeat as the host saw it.
 *
 * @param reply   the server's reply, or null when none arrived
 * @param verdict what the guard made of the reply, or null when none arrived
 * @param error   why no usable reply arrived ({@code network: ...} or {@code bad lease: ...}), else null
 * @param status  the license status right after
 */
public record HeartbeatOutcome(HeartbeatReply reply, LeaseGuard.Verdict verdict, String error, LicenseStatus status) {

    /** True when the server answered (whatever it said). */
    public boolean answered() {
        return reply != null;
    }
}
