package dev.latchkey.protocol.container;

import java.security.GeneralSecurityException;
import java.security.NoSuchProviderException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.Mac;

/** Factories for the JCE primitives this package uses, and its one {@link SecureRandom}. */
final class Jce {

    /** Thread-safe; shared so every key and nonce comes from the same seeded source. */
    static final SecureRandom RANDOM = new SecureRandom();

    private static final String PREFERRED_PROVIDER = "SunJCE";

    private Jce() {
    }

    /** AES/GCM/NoPadding, never BouncyCastle's (~50 MB/s Java GCM) even if BC was inserted first. */
    static Cipher aesGcm() {
        try {
            try {
                return Cipher.getInstance("AES/GCM/NoPadding", PREFERRED_PROVIDER);
            } catch (NoSuchProviderException e) {
                return Cipher.getInstance("AES/GCM/NoPadding");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is not available in this JVM", e);
        }
    }

    /** HmacSHA256 from the JDK, which NOTES.md measured faster than BouncyCastle's for HKDF. */
    static Mac hmacSha256() {
        try {
            try {
                return Mac.getInstance("HmacSHA256", PREFERRED_PROVIDER);
            } catch (NoSuchProviderException e) {
                return Mac.getInstance("HmacSHA256");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
