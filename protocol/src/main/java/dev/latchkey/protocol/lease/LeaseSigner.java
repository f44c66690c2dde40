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
        String signingInput = signingInput(lease);
        return signingInput + "." + Base64Url.encode(signature(signingInput));
    }

    /**
     * The compact JWS of {@code lease} with the signature of a JWS made earlier by {@link #sign}: the payload is
     * written in a fixed field order, so the same lease always gives the same signed bytes. Nothing is checked here:
     * the caller must know that {@code signature} was made for exactly this lease.
     */
    public String compact(Lease lease, byte[] signature) {
        return signingInput(lease) + "." + Base64Url.encode(signature);
    }

    private static String signingInput(Lease lease) {
        return ENCODED_HEADER + "." + Base64Url.encode(LeaseJson.payload(lease));
    }

    private byte[] signature(String signingInput) {
        // BouncyCastle's signer: the JDK's Ed25519 costs ~20x more per signature (NOTES.md).
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        byte[] input = signingInput.getBytes(StandardCharsets.US_ASCII);
        signer.update(input, 0, input.length);
        return signer.generateSignature();
    }

    /**
     * A digest of everything a lease would say apart from its times ({@code iat}, {@code exp}), under this signer's
     * key: two equal digests mean a lease signed earlier says exactly what a new one would, so the earlier one may be
     * handed out again (see the server's lease reuse). {@code lifetimeSeconds} is exp - iat. SHA-256 of a
     * length-prefixed binary form of those values, not of the JSON: a server takes one on most heartbeats.
     */
    public byte[] contentDigest(String subject, String deviceId, java.util.List<LeaseLicense> licenses, long lifetimeSeconds) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(128 + 128 * licenses.size());
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        try {
            out.write(publicKeyEncoded);
            string(out, subject);
            string(out, deviceId);
            out.writeLong(lifetimeSeconds);
            out.writeInt(licenses.size());
            for (LeaseLicense l : licenses) {
                string(out, l.id());
                string(out, l.product());
                string(out, l.status());
                out.writeLong(l.expiresAt() == null ? Long.MIN_VALUE : l.expiresAt().getEpochSecond());
                out.writeInt(l.expiresAt() == null ? 0 : l.expiresAt().getNano());
                out.writeInt(l.features().size());
                for (String f : l.features()) {
                    string(out, f);
                }
            }
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("writing into memory cannot fail", e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A string as its UTF-8 length, then its bytes: no two different lists of strings write the same bytes. */
    private static void string(java.io.DataOutputStream out, String s) throws java.io.IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
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
