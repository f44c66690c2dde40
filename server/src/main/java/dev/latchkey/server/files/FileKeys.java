package dev.latchkey.server.files;

import dev.latchkey.protocol.container.Dek;
import dev.latchkey.protocol.container.FileDigestSignature;
import dev.latchkey.protocol.container.KeyUnwrapException;
import dev.latchkey.protocol.container.MasterKey;
import dev.latchkey.protocol.container.MasterKeyWrap;
import dev.latchkey.protocol.container.UserKeyWrap;
import dev.latchkey.protocol.lease.Ed25519Keys;
import dev.latchkey.server.config.Secrets;
import java.util.UUID;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * The key operations of the files feature, with the server's master and signing keys. Each costs
 * microseconds (one AES-GCM box of 32 bytes, one HKDF, one BouncyCastle Ed25519 signature), so they run
 * on the event loop. {@link #toString()} never shows a key.
 */
final class FileKeys {

    private final MasterKey master;
    private final Ed25519PrivateKeyParameters signing;

    FileKeys(Secrets secrets) {
        this.master = MasterKey.fromBytes(secrets.masterKey());
        this.signing = Ed25519Keys.privateKeyFromPkcs8(secrets.signingKey().getEncoded());
    }

    /** The signature a client checks before it uses the plaintext (docs/container.md section 5). */
    byte[] sign(UUID fileId, byte[] sha256) {
        return FileDigestSignature.sign(signing, fileId, sha256);
    }

    /** The 60 bytes stored in {@code files.wrapped_dek}. */
    byte[] wrapAtRest(Dek dek, UUID fileId) {
        return MasterKeyWrap.wrap(master, dek, fileId);
    }

    /**
     * The file's key wrapped for this caller and this access token (docs/container.md section 4). Derived
     * afresh on every request and never stored: a key handed out stops working with the token it was made
     * for, so a leaked wrapped key is useless without that token.
     */
    String wrapForUser(StoredFile file, String accessToken, UUID userId) {
        Dek dek;
        try {
            dek = MasterKeyWrap.unwrap(master, file.wrappedDek(), file.id());
        } catch (KeyUnwrapException e) {
            // Never the key itself in the message: only which file and the likely cause.
            throw new IllegalStateException("the stored key of file " + file.id() + " does not open with the configured "
                    + "master key (was the master key rotated without restarting this node?)");
        }
        return UserKeyWrap.wrap(dek, accessToken, userId, file.id());
    }

    @Override
    public String toString() {
        return "FileKeys[redacted]";
    }
}
