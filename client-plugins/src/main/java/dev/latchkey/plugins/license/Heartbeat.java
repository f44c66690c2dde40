package dev.latchkey.plugins.license;

import java.io.IOException;
import java.util.Objects;

/** Sends a heartbeat through the client's transport and hands the reply to the {@link LeaseGuard}. */
public final class Heartbeat {

    private final HeartbeatTransport transport;
    private final LeaseGuard guard;

    public Heartbeat(HeartbeatTransport transport, LeaseGuard guard) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.guard = Objects.requireNonNull(guard, "guard");
    }

    public LeaseGuard guard() {
        return guard;
    }

    /** One beat. Never throws for network trouble: that is an outcome like any other. */
    public HeartbeatOutcome beat() {
        HeartbeatReply reply;
        try {
            reply = transport.send();
        } catch (IOException | RuntimeException e) {
            return new HeartbeatOutcome(null, null, "network: " + describe(e), guard.status());
        }
        if (reply == null) {
            return new HeartbeatOutcome(null, null, "network: empty reply", guard.status());
        }
        LeaseGuard.Acceptance acceptance = guard.accept(reply);
        String error = acceptance.verdict() == LeaseGuard.Verdict.BAD_LEASE ? "bad lease: " + acceptance.detail() : null;
        return new HeartbeatOutcome(reply, acceptance.verdict(), error, guard.status());
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
