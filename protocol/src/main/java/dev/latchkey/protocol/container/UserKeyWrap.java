package dev.latchkey.protocol.container;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Wraps a file's DEK for one caller and one request (DESIGN.md "Encrypted file container"):
 * <pre>
 * user_key    = HKDF-SHA256(IKM = access token (UTF-8), salt = user id (UTF-8, canonical lowercase UUID),
 *                           info = "file_decryption_key", L = 32)
 * wrapped_key = base64( nonce(12) || AES-256-GCM(user_key, DEK, AAD = file id (canonical lowercase UUID)) || tag(16) )
 * </pre>
 * The access token is exactly the string sent after {@code "Bearer "}. User keys are derived, never stored.
 */
public final class UserKeyWrap {

    /** HKDF info string. */
    static final String INFO = "file_decryption_key";

    /** Length of the decoded wrapped key: nonce 12 + key 32 + tag 16 (80 base64 characters). */
    public static final int WRAPPED_LENGTH = AesGcmBox.NONCE_LENGTH + Dek.LENGTH + AesGcmBox.TAG_LENGTH;

    private UserKeyWrap() {
    }

    /** The base64 (standard, padded) wrapped key for {@code X-Latchkey-Wrapped-Key} and {@code {"wrapped_key"}}. */
    public static String wrap(Dek dek, String accessToken, UUID userId, UUID fileId) {
        byte[] box = AesGcmBox.seal(userKey(accessToken, userId), dek.bytes(), aad(fileId), Jce.RANDOM);
        return Base64.getEncoder().encodeToString(box);
    }

    static String wrap(Dek dek, String accessToken, UUID userId, UUID fileId, byte[] nonce) {
        byte[] box = AesGcmBox.seal(userKey(accessToken, userId), nonce, dek.bytes(), aad(fileId));
        return Base64.getEncoder().encodeToString(box);
    }

    /** The DEK, if {@code wrappedKey} was made for this token, user and file; otherwise a {@link KeyUnwrapException}. */
    public static Dek unwrap(String wrappedKey, String accessToken, UUID userId, UUID fileId)
            throws KeyUnwrapException {
        byte[] box;
        try {
            box = Base64.getDecoder().decode(wrappedKey);
        } catch (IllegalArgumentException e) {
            throw new KeyUnwrapException("wrapped key is not base64", e);
        }
        return Dek.fromBytes(AesGcmBox.open(userKey(accessToken, userId), box, aad(fileId), Dek.LENGTH));
    }

    /** The 32-byte user key as a JCE key. */
    static SecretKey userKey(String accessToken, UUID userId) {
        return new SecretKeySpec(userKeyBytes(accessToken, userId), "AES");
    }

    static byte[] userKeyBytes(String accessToken, UUID userId) {
        if (accessToken == null || accessToken.isEmpty()) {
            throw new IllegalArgumentException("an access token is required");
        }
        // UUID.toString() is the canonical lowercase form, so client and server derive the same salt.
        return Hkdf.derive(userId.toString().getBytes(StandardCharsets.UTF_8),
                accessToken.getBytes(StandardCharsets.UTF_8),
                INFO.getBytes(StandardCharsets.US_ASCII), Dek.LENGTH);
    }

    static byte[] aad(UUID fileId) {
        // Binding the file id means a key wrapped for one file cannot be presented as another file's key.
        return fileId.toString().getBytes(StandardCharsets.UTF_8);
    }
}
