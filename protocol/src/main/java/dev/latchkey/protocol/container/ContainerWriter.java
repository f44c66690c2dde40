package dev.latchkey.protocol.container;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * Streaming LKC1 encryptor. Feed plaintext chunks of any size with {@code write}; each call returns the
 * container bytes that are ready (the header on the first call, then whole sealed segments), possibly none.
 * {@link #finish()} seals the last segment and returns the remaining bytes with the plaintext SHA-256.
 *
 * <p>At most one segment of plaintext is held: a full segment is sealed only once a further byte arrives,
 * because whether it is the last one is part of its nonce. Not thread-safe; one writer per container.
 *
 * <p>If the upload is aborted, do not call {@link #finish()}: the bytes emitted so far lack a final segment
 * and will never decrypt, and the caller should delete them.
 */
public final class ContainerWriter {

    /** The last container bytes to emit ({@code tail}, not copied) and what the encryption produced. */
    public record Finished(byte[] tail, ContainerSummary summary) {
    }

    private final ContainerHeader header;
    private final SegmentCipher cipher;
    private final MessageDigest sha256;
    private final int segmentSize;
    private final byte[] buffer;
    private int buffered;
    private long nextIndex;
    private long plaintextLength;
    private long containerLength;
    private boolean headerEmitted;
    private boolean finished;

    ContainerWriter(Dek dek, ContainerHeader header) {
        this.header = header;
        this.cipher = new SegmentCipher(dek, header);
        this.segmentSize = header.segmentSize();
        this.buffer = new byte[segmentSize];
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** A writer for file {@code fileId} with 64 KiB segments and a fresh random nonce prefix. */
    public static ContainerWriter create(Dek dek, UUID fileId) {
        return create(dek, fileId, ContainerFormat.DEFAULT_SEGMENT_SIZE);
    }

    /** A writer with a chosen segment size in [{@link ContainerFormat#MIN_SEGMENT_SIZE}, {@link ContainerFormat#MAX_SEGMENT_SIZE}]. */
    public static ContainerWriter create(Dek dek, UUID fileId, int segmentSize) {
        return new ContainerWriter(dek, ContainerHeader.random(fileId, segmentSize, Jce.RANDOM));
    }

    public ContainerHeader header() {
        return header;
    }

    /** Encrypts {@code chunk}; returns the container bytes now ready. */
    public byte[] write(byte[] chunk) {
        return write(chunk, 0, chunk.length);
    }

    /** Encrypts the remaining bytes of {@code chunk} (consuming them); returns the container bytes now ready. */
    public byte[] write(ByteBuffer chunk) {
        if (chunk.hasArray()) {
            int len = chunk.remaining();
            byte[] out = write(chunk.array(), chunk.arrayOffset() + chunk.position(), len);
            chunk.position(chunk.position() + len);
            return out;
        }
        byte[] copy = new byte[chunk.remaining()];
        chunk.get(copy);
        return write(copy, 0, copy.length);
    }

    /** Encrypts {@code len} bytes of {@code chunk} from {@code off}; returns the container bytes now ready. */
    public byte[] write(byte[] chunk, int off, int len) {
        requireOpen();
        Objects.checkFromIndexSize(off, len, chunk.length);
        // A full segment is sealed only when at least one more byte follows it.
        long sealable = len == 0 ? 0 : ((long) buffered + len - 1) / segmentSize;
        // Checked before any state changes: the final segment still needs an index after these.
        if (nextIndex + sealable > ContainerFormat.MAX_SEGMENT_INDEX) {
            throw new IllegalStateException("file too large for " + segmentSize + "-byte segments (2^32 segments at most)");
        }
        byte[] out = new byte[Math.toIntExact(headerBytesDue() + sealable * (segmentSize + ContainerFormat.TAG_LENGTH))];
        sha256.update(chunk, off, len);
        plaintextLength += len;
        int outPos = emitHeader(out);
        while (len > 0) {
            if (buffered == segmentSize) {
                outPos += sealNext(buffer, 0, segmentSize, false, out, outPos);
                buffered = 0;
            }
            if (buffered == 0 && len > segmentSize) {
                // Whole segment available in the input with more after it: seal in place, skip the copy.
                outPos += sealNext(chunk, off, segmentSize, false, out, outPos);
                off += segmentSize;
                len -= segmentSize;
                continue;
            }
            int n = Math.min(segmentSize - buffered, len);
            System.arraycopy(chunk, off, buffer, buffered, n);
            buffered += n;
            off += n;
            len -= n;
        }
        containerLength += out.length;
        return out;
    }

    /**
     * Seals the buffered plaintext as the last segment (an empty one for an empty file) and returns the
     * remaining container bytes and the summary. The writer cannot be used afterwards.
     */
    public Finished finish() {
        requireOpen();
        byte[] out = new byte[headerBytesDue() + buffered + ContainerFormat.TAG_LENGTH];
        int outPos = emitHeader(out);
        sealNext(buffer, 0, buffered, true, out, outPos);
        Arrays.fill(buffer, (byte) 0);
        finished = true;
        containerLength += out.length;
        return new Finished(out, new ContainerSummary(sha256.digest(), plaintextLength, containerLength));
    }

    private int headerBytesDue() {
        return headerEmitted ? 0 : ContainerFormat.HEADER_LENGTH;
    }

    private int emitHeader(byte[] out) {
        if (headerEmitted) {
            return 0;
        }
        System.arraycopy(header.encodedView(), 0, out, 0, ContainerFormat.HEADER_LENGTH);
        headerEmitted = true;
        return ContainerFormat.HEADER_LENGTH;
    }

    private int sealNext(byte[] in, int off, int len, boolean last, byte[] out, int outPos) {
        int n = cipher.seal(nextIndex, last, in, off, len, out, outPos);
        nextIndex++;
        return n;
    }

    private void requireOpen() {
        if (finished) {
            throw new IllegalStateException("the container is already finished");
        }
    }
}
