package dev.latchkey.protocol.container;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals and opens single segments of one container: AES-256-GCM under the DEK with
 * nonce = prefix(7) || uint32 BE index || last flag, and AAD = the 31 header bytes.
 * One {@link Cipher} instance, freshly initialised per segment. Not thread-safe.
 */
final class SegmentCipher {

    private static final int TAG_BITS = ContainerFormat.TAG_LENGTH * 8;

    private final Cipher cipher = Jce.aesGcm();
    private final SecretKey key;
    private final byte[] aad;
    private final byte[] nonce = new byte[ContainerFormat.NONCE_LENGTH];

    SegmentCipher(Dek dek, ContainerHeader header) {
        this.key = dek.secretKey();
        this.aad = header.encodedView();
        System.arraycopy(aad, ContainerFormat.HEADER_LENGTH - ContainerFormat.NONCE_PREFIX_LENGTH,
                nonce, 0, ContainerFormat.NONCE_PREFIX_LENGTH);
    }

    /** Encrypts {@code len} plaintext bytes into {@code out}; returns {@code len + 16}. */
    int seal(long index, boolean last, byte[] in, int off, int len, byte[] out, int outOff) {
        try {
            init(Cipher.ENCRYPT_MODE, index, last);
            return cipher.doFinal(in, off, len, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM sealing failed", e);
        }
    }

    /**
     * Verifies and decrypts a {@code len}-byte segment (ciphertext || tag) into {@code out}; returns the
     * plaintext length. On failure the output range is zeroed, so no unverified plaintext survives.
     */
    int open(long index, boolean last, byte[] in, int off, int len, byte[] out, int outOff)
            throws ContainerException {
        try {
            init(Cipher.DECRYPT_MODE, index, last);
            return cipher.doFinal(in, off, len, out, outOff);
        } catch (AEADBadTagException e) {
            // Belt and braces: the JDK verifies before writing, but the contract must not depend on the provider.
            int plaintextEnd = Math.min(out.length, outOff + Math.max(0, len - ContainerFormat.TAG_LENGTH));
            Arrays.fill(out, outOff, plaintextEnd, (byte) 0);
            throw new ContainerException(ContainerException.Reason.SEGMENT,
                    "segment " + index + " failed verification (tampered, truncated, reordered or foreign)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM opening failed", e);
        }
    }

    private void init(int mode, long index, boolean last) throws InvalidKeyException, InvalidAlgorithmParameterException {
        if (index < 0 || index > ContainerFormat.MAX_SEGMENT_INDEX) {
            throw new IllegalArgumentException("segment index out of range: " + index);
        }
        int p = ContainerFormat.NONCE_PREFIX_LENGTH;
        nonce[p] = (byte) (index >>> 24);
        nonce[p + 1] = (byte) (index >>> 16);
        nonce[p + 2] = (byte) (index >>> 8);
        nonce[p + 3] = (byte) index;
        // The last flag makes "final segment" part of the nonce: dropping segments or appending some cannot verify.
        nonce[p + 4] = (byte) (last ? 1 : 0);
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(aad);
    }
}
