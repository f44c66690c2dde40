package dev.latchkey.protocol.container;

import java.security.SecureRandom;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A file's data encryption key: 32 random bytes, AES-256. Only ever stored wrapped
 * ({@link MasterKeyWrap}) or handed out wrapped ({@link UserKeyWrap}); {@link #toString()} never shows it.
 */
public final class Dek {

    /** Key length in bytes (AES-256). */
    public static final int LENGTH = 32;

    private final byte[] key;
    private final SecretKey secretKey;

    private Dek(byte[] key) {
        this.key = key;
        this.secretKey = new SecretKeySpec(key, "AES");
    }

    /** A fresh random DEK; one per file, never reused. */
    public static Dek generate() {
        return generate(Jce.RANDOM);
    }

    /** A fresh random DEK from {@code random}. */
    public static Dek generate(SecureRandom random) {
        byte[] key = new byte[LENGTH];
        random.nextBytes(key);
        return new Dek(key);
    }

    /** A DEK from its raw 32 bytes (copied). */
    public static Dek fromBytes(byte[] raw) {
        if (raw == null || raw.length != LENGTH) {
            throw new IllegalArgumentException("a DEK is exactly " + LENGTH + " bytes");
        }
        return new Dek(raw.clone());
    }

    /** The raw key bytes (a copy). Only wrapping needs them; never log or persist them unwrapped. */
    byte[] bytes() {
        return key.clone();
    }

    SecretKey secretKey() {
        return secretKey;
    }

    @Override
    public String toString() {
        return "Dek[redacted]";
    }
}
