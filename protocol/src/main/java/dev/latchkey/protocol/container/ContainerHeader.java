package dev.latchkey.protocol.container;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * The 31-byte LKC1 header: {@code "LKC1" | segment size (uint32 BE) | file id (16 bytes) | nonce prefix (7 bytes)}.
 * Its exact bytes are the AAD of every segment, so a segment only opens under the header it was sealed with.
 */
public final class ContainerHeader {

    private final int segmentSize;
    private final UUID fileId;
    private final byte[] noncePrefix;
    private final byte[] encoded;

    ContainerHeader(int segmentSize, UUID fileId, byte[] noncePrefix) {
        this.segmentSize = ContainerFormat.requireValidSegmentSize(segmentSize);
        this.fileId = Objects.requireNonNull(fileId, "fileId");
        if (noncePrefix.length != ContainerFormat.NONCE_PREFIX_LENGTH) {
            throw new IllegalArgumentException("nonce prefix must be " + ContainerFormat.NONCE_PREFIX_LENGTH + " bytes");
        }
        this.noncePrefix = noncePrefix.clone();
        this.encoded = encode(segmentSize, fileId, this.noncePrefix);
    }

    /** A header with a fresh random nonce prefix: a new container always gets new nonces. */
    static ContainerHeader random(UUID fileId, int segmentSize, SecureRandom random) {
        byte[] prefix = new byte[ContainerFormat.NONCE_PREFIX_LENGTH];
        random.nextBytes(prefix);
        return new ContainerHeader(segmentSize, fileId, prefix);
    }

    /** Parses the first 31 bytes of {@code bytes}; refuses a wrong magic or a segment size out of range. */
    public static ContainerHeader parse(byte[] bytes) throws ContainerException {
        if (bytes.length < ContainerFormat.HEADER_LENGTH) {
            throw new ContainerException(ContainerException.Reason.TRUNCATED, "container shorter than its header");
        }
        if (!Arrays.equals(bytes, 0, 4, ContainerFormat.MAGIC, 0, 4)) {
            throw new ContainerException(ContainerException.Reason.HEADER, "not an LKC1 container");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 4, ContainerFormat.HEADER_LENGTH - 4);
        long segmentSize = Integer.toUnsignedLong(in.getInt());
        if (!ContainerFormat.isValidSegmentSize(segmentSize)) {
            throw new ContainerException(ContainerException.Reason.HEADER,
                    "segment size " + segmentSize + " is outside the accepted range");
        }
        UUID fileId = new UUID(in.getLong(), in.getLong());
        byte[] prefix = new byte[ContainerFormat.NONCE_PREFIX_LENGTH];
        in.get(prefix);
        return new ContainerHeader((int) segmentSize, fileId, prefix);
    }

    private static byte[] encode(int segmentSize, UUID fileId, byte[] noncePrefix) {
        return ByteBuffer.allocate(ContainerFormat.HEADER_LENGTH)
                .put(ContainerFormat.MAGIC)
                .putInt(segmentSize)
                .putLong(fileId.getMostSignificantBits())
                .putLong(fileId.getLeastSignificantBits())
                .put(noncePrefix)
                .array();
    }

    public int segmentSize() {
        return segmentSize;
    }

    public UUID fileId() {
        return fileId;
    }

    /** The 7-byte nonce prefix (a copy). */
    public byte[] noncePrefix() {
        return noncePrefix.clone();
    }

    /** The 31 header bytes (a copy). */
    public byte[] encoded() {
        return encoded.clone();
    }

    /** Internal access without copying, for the segment cipher's AAD and nonce. */
    byte[] encodedView() {
        return encoded;
    }
}
