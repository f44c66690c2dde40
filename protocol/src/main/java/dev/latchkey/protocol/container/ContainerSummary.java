package dev.latchkey.protocol.container;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * What an encryption produced besides the bytes: the plaintext SHA-256 (to sign and publish), the plaintext
 * length and the container length.
 */
public record ContainerSummary(byte[] sha256, long plaintextLength, long containerLength) {

    public ContainerSummary {
        sha256 = sha256.clone();
    }

    /** The 32-byte plaintext SHA-256 (a copy). */
    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    /** The plaintext SHA-256 as lowercase hex. */
    public String sha256Hex() {
        return HexFormat.of().formatHex(sha256);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContainerSummary other && Arrays.equals(sha256, other.sha256)
                && plaintextLength == other.plaintextLength && containerLength == other.containerLength;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(sha256) + Long.hashCode(plaintextLength) * 17 + Long.hashCode(containerLength);
    }

    @Override
    public String toString() {
        return "ContainerSummary[sha256=" + sha256Hex() + ", plaintextLength=" + plaintextLength
                + ", containerLength=" + containerLength + "]";
    }
}
