package dev.latchkey.client.downloads;

import dev.latchkey.client.http.FileInfo;
import java.util.Arrays;

/**
 * A file's verified plaintext, held in memory only: it is never written to disk. {@link #wipe()} zeroes it
 * once used; {@link #toString()} shows no content.
 */
public final class DecryptedFile {

    private final FileInfo info;
    private final byte[] plaintext;
    private final String sha256;

    DecryptedFile(FileInfo info, byte[] plaintext, String sha256) {
        this.info = info;
        this.plaintext = plaintext;
        this.sha256 = sha256;
    }

    public FileInfo info() {
        return info;
    }

    /** The plaintext itself (not a copy: do not keep it beyond the file's use). */
    public byte[] bytes() {
        return plaintext;
    }

    public long size() {
        return plaintext.length;
    }

    /** Hex SHA-256 of the plaintext, as computed here and matched against the signed digest. */
    public String sha256() {
        return sha256;
    }

    public void wipe() {
        Arrays.fill(plaintext, (byte) 0);
    }

    @Override
    public String toString() {
        return "DecryptedFile[" + info.name() + ", " + plaintext.length + " bytes, sha256=" + sha256 + "]";
    }
}
