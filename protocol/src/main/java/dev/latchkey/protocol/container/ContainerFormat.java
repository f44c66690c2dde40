package dev.latchkey.protocol.container;

import java.nio.charset.StandardCharsets;

/**
 * Fixed numbers of the LKC1 container format (docs/container.md). Everything that must match
 * byte for byte between writer and reader is defined here once.
 */
public final class ContainerFormat {

    /** The four magic bytes {@code "LKC1"} that open every container. */
    static final byte[] MAGIC = "LKC1".getBytes(StandardCharsets.US_ASCII);

    /** Header length: magic 4 + segment size 4 + file id 16 + nonce prefix 7. */
    public static final int HEADER_LENGTH = 31;

    /** Random per-container part of every segment nonce. */
    public static final int NONCE_PREFIX_LENGTH = 7;

    /** AES-GCM nonce length: prefix 7 + segment index 4 + last flag 1. */
    public static final int NONCE_LENGTH = 12;

    /** AES-GCM tag length appended to every segment. */
    public static final int TAG_LENGTH = 16;

    /** Plaintext bytes per segment unless configured otherwise. */
    public static final int DEFAULT_SEGMENT_SIZE = 64 * 1024;

    /** Smallest accepted segment size: one AES block; anything smaller only adds overhead. */
    public static final int MIN_SEGMENT_SIZE = 16;

    /** Largest accepted segment size: bounds what a reader must buffer before it can verify a segment. */
    public static final int MAX_SEGMENT_SIZE = 16 * 1024 * 1024;

    /** The segment index is a uint32, so at most 2^32 segments. */
    static final long MAX_SEGMENT_INDEX = 0xFFFF_FFFFL;

    private ContainerFormat() {
    }

    /** Whether {@code segmentSize} is inside [{@link #MIN_SEGMENT_SIZE}, {@link #MAX_SEGMENT_SIZE}]. */
    public static boolean isValidSegmentSize(long segmentSize) {
        return segmentSize >= MIN_SEGMENT_SIZE && segmentSize <= MAX_SEGMENT_SIZE;
    }

    static int requireValidSegmentSize(int segmentSize) {
        if (!isValidSegmentSize(segmentSize)) {
            throw new IllegalArgumentException("segment size must be between " + MIN_SEGMENT_SIZE + " and "
                    + MAX_SEGMENT_SIZE + " bytes, got " + segmentSize);
        }
        return segmentSize;
    }

    /**
     * Exact container length for a plaintext of {@code plaintextLength} bytes: header, the plaintext,
     * and one tag per segment (an empty file still has one empty segment).
     */
    public static long containerLength(long plaintextLength, int segmentSize) {
        requireValidSegmentSize(segmentSize);
        if (plaintextLength < 0) {
            throw new IllegalArgumentException("plaintext length must not be negative");
        }
        long segments = Math.max(1, (plaintextLength + segmentSize - 1) / segmentSize);
        if (segments - 1 > MAX_SEGMENT_INDEX) {
            throw new IllegalArgumentException("plaintext too large for segment size " + segmentSize);
        }
        return HEADER_LENGTH + plaintextLength + segments * TAG_LENGTH;
    }
}
