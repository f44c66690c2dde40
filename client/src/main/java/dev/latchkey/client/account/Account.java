package dev.latchkey.client.account;

import dev.latchkey.client.account.SigningKeyPins.PinnedKey;
import dev.latchkey.client.http.LatchkeyApi;
import dev.latchkey.protocol.lease.LeaseVerifier;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * A signed-in account on one server: its API (holding the session) and the server's signing key as
 * pinned at the first sign-in.
 */
public record Account(String server, String username, LatchkeyApi api, PinnedKey signingKey) {

    public LeaseVerifier leaseVerifier() {
        return signingKey.leaseVerifier();
    }

    /** Verifies the signed digests of downloaded files. */
    public Ed25519PublicKeyParameters filePublicKey() {
        return signingKey.publicKey();
    }

    public String userId() {
        var t = api.session().current();
        return t == null ? null : t.userId();
    }

    public String deviceId() {
        var t = api.session().current();
        return t == null ? null : t.deviceId();
    }
}
