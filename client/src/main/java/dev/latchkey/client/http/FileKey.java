package dev.latchkey.client.http;

/**
 * A file key wrapped for one access token, with the token it opens under (kept in memory only) and the
 * signed digest. {@link #toString()} shows neither key nor token.
 *
 * @param size plaintext size, or -1 when the answer did not say
 */
public record FileKey(String wrappedKey, String accessToken, String sha256, String signature, long size) {

    @Override
    public String toString() {
        return "FileKey[sha256=" + sha256 + ", size=" + size + "]";
    }
}
