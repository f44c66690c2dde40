package dev.latchkey.protocol.lease;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Signs leases as compact JWS ({@code alg: EdDSA}, Ed25519). Thread-safe: each call uses its own signer.
 */
public final class LeaseSigner {

    private static final String ENCODED_HEADER = Base64Url.encode(LeaseJson.header());

    private final Ed25519PrivateKeyParameters privateKey;
    private final Ed25519PublicKeyParameters publicKey;
    /** Encoding the public key is point arithmetic: done once, not on every digest. */
    private final byte[] publicKeyEncoded;

    public LeaseSigner(Ed25519PrivateKeyParameters privateKey) {
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.publicKey = privateKey.generatePublicKey();
        this.publicKeyEncoded = publicKey.getEncoded();
    }

    /** A signer for a PKCS#8 DER private key, e.g. the base64-decoded {@code LATCHKEY_SIGNING_KEY}. */
    public static LeaseSigner fromPkcs8(byte[] der) {
        return new LeaseSigner(Ed25519Keys.privateKeyFromPkcs8(der));
    }

    /** The compact JWS {@code header.payload.signature} for {@code lease}. */
    public String sign(Lease lease) {
        String signingInput = ENCODED_HEADER + "." + Base64Url.encode(LeaseJson.payload(lease));
        // BouncyCastle's signer: the JDK's Ed25519 costs ~20x more per signature (NOTES.md).
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        byte[] input = signingInput.getBytes(StandardCharsets.US_ASCII);
        signer.update(input, 0, input.length);
        return signingInput + "." + Base64Url.encode(signer.generateSignature());
    }

    /**
     * A digest of everything a lease would say apart from its times ({@code iat}, {@code exp}), under this
     * signer's key: two equal digests mean a lease signed earlier says exactly what a new one would, so the
     * earlier one may be handed out again (see the server's lease reuse). {@code lifetimeSeconds} is exp - iat.
     */
    public String contentDigest(String subject, String deviceId, java.util.List<LeaseLicense> licenses, long lifetimeSeconds) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(publicKeyEncoded);
            sha.update(LeaseJson.payload(new Lease(subject, deviceId, licenses, 0, lifetimeSeconds)));
            return Base64Url.encode(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Raw 32-byte public key, for pinning in the client. */
    public byte[] publicKeyRaw() {
        return publicKeyEncoded.clone();
    }

    /** The public key as a JWK, as {@code GET /api/v1/signing-key} publishes it. */
    public Map<String, String> publicJwk() {
        return Ed25519Keys.publicJwk(publicKey);
    }
}
