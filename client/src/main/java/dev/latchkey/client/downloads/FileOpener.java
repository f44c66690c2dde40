package dev.latchkey.client.downloads;

import dev.latchkey.client.http.FileInfo;
import dev.latchkey.client.http.FileKey;
import dev.latchkey.protocol.container.ContainerException;
import dev.latchkey.protocol.container.ContainerInputStream;
import dev.latchkey.protocol.container.Dek;
import dev.latchkey.protocol.container.FileDigestSignature;
import dev.latchkey.protocol.container.KeyUnwrapException;
import dev.latchkey.protocol.container.UserKeyWrap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * Opens a cached container in memory: unwraps the file key with the user key derived from the access token
 * it was wrapped for, decrypts segment by segment (each one authenticated), hashes the plaintext, and
 * accepts it only if the digest matches the one the server signed at upload, under the pinned key.
 */
final class FileOpener {

    /** Files larger than this are not opened: the plaintext must fit in memory, since it may not go to disk. */
    static final long MAX_PLAINTEXT_BYTES = 1L << 30;

    private final Ed25519PublicKeyParameters signingKey;

    FileOpener(Ed25519PublicKeyParameters signingKey) {
        this.signingKey = signingKey;
    }

    /** Why a container or its key was refused. */
    static final class Refused extends Exception {
        final String code;

        Refused(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    DecryptedFile open(FileInfo info, Path container, FileKey key, String userId) throws Refused, IOException {
        UUID fileId = UUID.fromString(info.id());
        if (info.size() > MAX_PLAINTEXT_BYTES) {
            throw new Refused(Downloads.TOO_LARGE, info.name() + " is larger than " + (MAX_PLAINTEXT_BYTES >> 20)
                    + " MiB and cannot be opened in memory");
        }
        byte[] expected = decodeHex(key.sha256());
        byte[] signature = decodeBase64(key.signature());
        // Check the signature before decrypting: the digest we will compare against must be the vendor's.
        if (expected == null || signature == null || !FileDigestSignature.verify(signingKey, fileId, expected, signature)) {
            throw new Refused(Downloads.BAD_SIGNATURE, "the file's digest is not signed by the pinned server key");
        }
        Dek dek;
        try {
            dek = UserKeyWrap.unwrap(key.wrappedKey(), key.accessToken(),
                    UUID.fromString(userId), fileId);
        } catch (KeyUnwrapException | IllegalArgumentException e) {
            throw new Refused(Downloads.BAD_KEY, "the file key does not open with this session");
        }
        byte[] plaintext;
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(0, info.size()));
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = new ContainerInputStream(Files.newInputStream(container), dek, fileId)) {
            for (int n; (n = in.read(buf)) != -1; ) {
                sha.update(buf, 0, n);
                out.write(buf, 0, n);
            }
        } catch (ContainerException e) {
            throw new Refused(Downloads.CORRUPT, "the container failed its integrity check: " + e.getMessage());
        } finally {
            Arrays.fill(buf, (byte) 0);
        }
        plaintext = out.toByteArray();
        byte[] digest = sha.digest();
        if (!MessageDigest.isEqual(digest, expected)) {
            Arrays.fill(plaintext, (byte) 0);
            throw new Refused(Downloads.BAD_DIGEST, "the decrypted file does not match its signed SHA-256");
        }
        return new DecryptedFile(info, plaintext, HexFormat.of().formatHex(digest));
    }

    private static byte[] decodeHex(String hex) {
        try {
            return hex == null ? null : HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] decodeBase64(String b64) {
        try {
            return b64 == null ? null : Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
