package dev.latchkey.plugins.testing;

import dev.latchkey.plugins.license.HeartbeatReply;
import dev.latchkey.plugins.license.HeartbeatTransport;
import dev.latchkey.protocol.lease.Ed25519Keys;
import dev.latchkey.protocol.lease.Lease;
import dev.latchkey.protocol.lease.LeaseLicense;
import dev.latchkey.protocol.lease.LeaseSigner;
import dev.latchkey.protocol.lease.LeaseVerifier;
import java.io.IOException;
import java.net.ConnectException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

/**
 * The heartbeat side of a Latchkey server, in process: signs real Ed25519 leases over its own time line.
 * Implements the client's {@link HeartbeatTransport} seam, which is how the desktop client plugs in HTTP.
 */
public final class LicenseServer implements HeartbeatTransport {

    public static final String USER = "8e2b1f7c-3d4a-4b5c-9e6f-7a8b9c0d1e2f";
    public static final String DEVICE = "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f";
    public static final long GRACE_SECONDS = 1800;
    public static final long INTERVAL_SECONDS = 300;
    private static final long EPOCH_AT_START = 1_750_000_000L;

    private final ManualClock clock;
    private final long clockOrigin;
    private final LeaseSigner signer = new LeaseSigner(Ed25519Keys.generate(new SecureRandom()));
    private boolean reachable = true;
    private String refusal;
    private int beats;

    public LicenseServer(ManualClock clock) {
        this.clock = clock;
        this.clockOrigin = clock.nanoTime();
    }

    /** The server's own time: it is not fooled by the client's clock. */
    public long nowSeconds() {
        return EPOCH_AT_START + (clock.nanoTime() - clockOrigin) / 1_000_000_000L;
    }

    public LeaseVerifier pinnedVerifier() {
        return LeaseVerifier.forRawKey(signer.publicKeyRaw());
    }

    public void setReachable(boolean reachable) {
        this.reachable = reachable;
    }

    /** Answers {@code valid: false} with {@code code} from now on; null to answer normally again. */
    public void refuseWith(String code) {
        this.refusal = code;
    }

    public int beats() {
        return beats;
    }

    public String leaseFor(String user, String device, long issuedAt) {
        LeaseLicense license = new LeaseLicense("6f1c2a9e-8a1b-4c1e-9d0f-0a1b2c3d4e5f", "editor", "active",
                Instant.ofEpochSecond(EPOCH_AT_START + 365L * 86400), List.of("export"));
        return signer.sign(new Lease(user, device, List.of(license), issuedAt, issuedAt + GRACE_SECONDS));
    }

    @Override
    public HeartbeatReply send() throws IOException {
        if (!reachable) {
            throw new ConnectException("connection refused");
        }
        beats++;
        if (refusal != null) {
            return new HeartbeatReply(false, refusal, null, INTERVAL_SECONDS, null);
        }
        return new HeartbeatReply(true, "OK", Instant.ofEpochSecond(EPOCH_AT_START + 365L * 86400).toString(),
                INTERVAL_SECONDS, leaseFor(USER, DEVICE, nowSeconds()));
    }
}
