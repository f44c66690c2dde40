package dev.latchkey.protocol.container;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/** A small AES-256-GCM box, {@code nonce(12) || ciphertext || tag(16)}, used to wrap DEKs. */
final class AesGcmBox {

    static final int NONCE_LENGTH = 12;
    static final int TAG_LENGTH = 16;

    private AesGcmBox() {
    }

    /** Seals under a fresh random nonce; random 96-bit nonces are safe far beyond the number of wraps we make. */
    static byte[] seal(SecretKey key, byte[] plaintext, byte[] aad, SecureRandom random) {
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        return seal(key, nonce, plaintext, aad);
    }

    /** Seals under a caller-chosen nonce: only for fixed test vectors, never twice with one key and nonce. */
    static byte[] seal(SecretKey key, byte[] nonce, byte[] plaintext, byte[] aad) {
        if (nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("nonce must be " + NONCE_LENGTH + " bytes");
        }
        try {
            Cipher cipher = Jce.aesGcm();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            cipher.updateAAD(aad);
            byte[] box = new byte[NONCE_LENGTH + plaintext.length + TAG_LENGTH];
            System.arraycopy(nonce, 0, box, 0, NONCE_LENGTH);
            cipher.doFinal(plaintext, 0, plaintext.length, box, NONCE_LENGTH);
            return box;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM sealing failed", e);
        }
    }

    /** Opens a box whose plaintext must be exactly {@code plaintextLength} bytes. */
    static byte[] open(SecretKey key, byte[] box, byte[] aad, int plaintextLength) throws KeyUnwrapException {
        if (box == null || box.length != NONCE_LENGTH + plaintextLength + TAG_LENGTH) {
            throw new KeyUnwrapException("wrapped key has the wrong length");
        }
        try {
            Cipher cipher = Jce.aesGcm();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, box, 0, NONCE_LENGTH));
            cipher.updateAAD(aad);
            return cipher.doFinal(box, NONCE_LENGTH, box.length - NONCE_LENGTH);
        } catch (AEADBadTagException e) {
            throw new KeyUnwrapException("wrapped key does not open with this key and file id", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM opening failed", e);
        }
    }
}
