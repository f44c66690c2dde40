package dev.latchkey.protocol.container;

import java.security.SecureRandom;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server's master key ({@code LATCHKEY_MASTER_KEY}, 32 bytes): wraps every DEK at rest.
 * {@link #toString()} never shows it.
 */
public final class MasterKey {

    /** Key length in bytes (AES-256). */
    public static final int LENGTH = 32;

    private final byte[] key;
    private final SecretKey secretKey;

    private MasterKey(byte[] key) {
        this.key = key;
        this.secretKey = new SecretKeySpec(key, "AES");
    }

    /** A fresh random master key, for the first start when none is configured. */
    public static MasterKey generate() {
        return generate(Jce.RANDOM);
    }

    /** A fresh random master key from {@code random}. */
    public static MasterKey generate(SecureRandom random) {
        byte[] key = new byte[LENGTH];
        random.nextBytes(key);
        return new MasterKey(key);
    }

    /**
     * A master key from its raw bytes (copied), e.g. the base64-decoded {@code LATCHKEY_MASTER_KEY}.
     * The message names the length problem only, never the bytes.
     */
    public static MasterKey fromBytes(byte[] raw) {
        if (raw == null || raw.length != LENGTH) {
            throw new IllegalArgumentException("the master key must be exactly " + LENGTH + " bytes, got "
                    + (raw == null ? 0 : raw.length));
        }
        return new MasterKey(raw.clone());
    }

    /** The raw bytes (a copy), for persisting a generated key. Never log them. */
    public byte[] toBytes() {
        return key.clone();
    }

    SecretKey secretKey() {
        return secretKey;
    }

    @Override
    public String toString() {
        return "MasterKey[redacted]";
    }
}
