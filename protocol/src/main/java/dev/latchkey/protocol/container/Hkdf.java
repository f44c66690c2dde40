package dev.latchkey.protocol.container;

import java.security.InvalidKeyException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with HMAC-SHA256 (RFC 5869), on the JDK's HmacSHA256. Thread-safe: each call uses its own Mac. */
public final class Hkdf {

    /** HMAC-SHA256 output length. */
    public static final int HASH_LENGTH = 32;

    private static final int MAX_OUTPUT = 255 * HASH_LENGTH;

    private Hkdf() {
    }

    /** Extract then expand: {@code length} bytes of output keying material. */
    public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        return expand(extract(salt, ikm), info, length);
    }

    /** RFC 5869 section 2.2: PRK = HMAC-Hash(salt, IKM); an absent or empty salt is HashLen zero bytes. */
    public static byte[] extract(byte[] salt, byte[] ikm) {
        byte[] key = salt == null || salt.length == 0 ? new byte[HASH_LENGTH] : salt;
        Mac mac = mac(key);
        return mac.doFinal(ikm == null ? new byte[0] : ikm);
    }

    /** RFC 5869 section 2.3: T(i) = HMAC-Hash(PRK, T(i-1) | info | i), output = first {@code length} bytes. */
    public static byte[] expand(byte[] prk, byte[] info, int length) {
        if (prk == null || prk.length < HASH_LENGTH) {
            throw new IllegalArgumentException("PRK must be at least " + HASH_LENGTH + " bytes");
        }
        if (length < 1 || length > MAX_OUTPUT) {
            throw new IllegalArgumentException("HKDF-SHA256 output length must be 1.." + MAX_OUTPUT);
        }
        byte[] context = info == null ? new byte[0] : info;
        Mac mac = mac(prk);
        byte[] okm = new byte[length];
        byte[] block = new byte[0];
        int written = 0;
        for (int counter = 1; written < length; counter++) {
            mac.update(block);
            mac.update(context);
            mac.update((byte) counter);
            block = mac.doFinal();
            int n = Math.min(block.length, length - written);
            System.arraycopy(block, 0, okm, written, n);
            written += n;
        }
        return okm;
    }

    private static Mac mac(byte[] key) {
        Mac mac = Jce.hmacSha256();
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 refused its key", e);
        }
        return mac;
    }
}
