package dev.latchkey.protocol.lease;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Verifies compact-JWS leases against one pinned Ed25519 public key. Checks the header, the signature,
 * then the claims; it does not judge time, because only the caller knows which clock to trust.
 * Thread-safe.
 */
public final class LeaseVerifier {

    /** Longest token accepted; far above any real lease, low enough to bound the work per call. */
    public static final int MAX_TOKEN_CHARS = 64 * 1024;

    private static final int SIGNATURE_BYTES = 64;

    private final Ed25519PublicKeyParameters publicKey;

    public LeaseVerifier(Ed25519PublicKeyParameters publicKey) {
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
    }

    /** A verifier pinned to a raw 32-byte public key. */
    public static LeaseVerifier forRawKey(byte[] raw) {
        return new LeaseVerifier(Ed25519Keys.publicKey(raw));
    }

    /** A verifier pinned to a JWK {@code {"kty":"OKP","crv":"Ed25519","x":"..."}}. */
    public static LeaseVerifier forJwk(String json) {
        return new LeaseVerifier(Ed25519Keys.publicKeyFromJwk(json));
    }

    /** The lease's claims if {@code token} was signed by the pinned key; otherwise a reasoned refusal. */
    public Lease verify(String token) throws LeaseException {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            throw new LeaseException(LeaseException.Reason.MALFORMED, "missing or oversized lease");
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first <= 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
            throw new LeaseException(LeaseException.Reason.MALFORMED, "a lease has exactly three parts");
        }
        byte[] header = Base64Url.decode(token.substring(0, first));
        byte[] payload = Base64Url.decode(token.substring(first + 1, second));
        byte[] signature = Base64Url.decode(token.substring(second + 1));
        // The header is checked first so that no other algorithm ever reaches signature verification.
        LeaseJson.checkHeader(header);
        if (signature.length != SIGNATURE_BYTES) {
            throw new LeaseException(LeaseException.Reason.BAD_SIGNATURE, "an Ed25519 signature is 64 bytes");
        }
        byte[] signingInput = token.substring(0, second).getBytes(StandardCharsets.US_ASCII);
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, publicKey);
        verifier.update(signingInput, 0, signingInput.length);
        if (!verifier.verifySignature(signature)) {
            throw new LeaseException(LeaseException.Reason.BAD_SIGNATURE, "signature does not match the pinned key");
        }
        // The payload is parsed only once the signature holds: unsigned claims are never interpreted.
        return LeaseJson.parsePayload(payload);
    }

}
