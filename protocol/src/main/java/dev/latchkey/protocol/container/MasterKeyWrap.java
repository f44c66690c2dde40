package dev.latchkey.protocol.container;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Wraps a file's DEK at rest under the master key: {@code nonce(12) || AES-256-GCM(master, DEK) || tag(16)},
 * 60 bytes, with AAD = UTF-8 of {@code "latchkey-dek-at-rest-v1:" + file id} (canonical lowercase UUID).
 */
public final class MasterKeyWrap {

    /** Length of a wrapped DEK: nonce 12 + key 32 + tag 16. */
    public static final int WRAPPED_LENGTH = AesGcmBox.NONCE_LENGTH + Dek.LENGTH + AesGcmBox.TAG_LENGTH;

    /** Prefix of the at-rest AAD; distinct from the per-user AAD (the bare file id) so the two blobs never interchange. */
    static final String AAD_PREFIX = "latchkey-dek-at-rest-v1:";

    private MasterKeyWrap() {
    }

    /** The 60-byte stored form of {@code dek} for file {@code fileId}. */
    public static byte[] wrap(MasterKey masterKey, Dek dek, UUID fileId) {
        return AesGcmBox.seal(masterKey.secretKey(), dek.bytes(), aad(fileId), Jce.RANDOM);
    }

    static byte[] wrap(MasterKey masterKey, Dek dek, UUID fileId, byte[] nonce) {
        return AesGcmBox.seal(masterKey.secretKey(), nonce, dek.bytes(), aad(fileId));
    }

    /** The DEK of file {@code fileId}; fails for another master key, another file id, or altered bytes. */
    public static Dek unwrap(MasterKey masterKey, byte[] wrapped, UUID fileId) throws KeyUnwrapException {
        return Dek.fromBytes(AesGcmBox.open(masterKey.secretKey(), wrapped, aad(fileId), Dek.LENGTH));
    }

    /** Re-wraps under a new master key (master-key rotation); the DEK and so the container stay unchanged. */
    public static byte[] rewrap(MasterKey oldKey, MasterKey newKey, byte[] wrapped, UUID fileId)
            throws KeyUnwrapException {
        return wrap(newKey, unwrap(oldKey, wrapped, fileId), fileId);
    }

    static byte[] aad(UUID fileId) {
        // The file id in the AAD stops a stored wrapped DEK from being moved to another file's row.
        return (AAD_PREFIX + fileId).getBytes(StandardCharsets.UTF_8);
    }
}
