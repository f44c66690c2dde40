package dev.latchkey.protocol.container;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * Streaming LKC1 decryptor: hands out one verified plaintext segment at a time.
 *
 * <p>Guarantees: a segment's plaintext is returned only after its GCM tag verified; a failing segment yields
 * nothing and the reader refuses every later call. End of data ({@code null} or -1) is reported only after the
 * segment flagged last verified and the input ended right after it, so truncation, dropped or appended
 * segments and trailing bytes always end in an exception, never in a quiet early end.
 *
 * <p>Streaming caveat: segments that verified before a later failure have already been handed out. A
 * caller that must not act on a partial file either buffers until the end (as
 * {@link Containers#decryptAll(byte[], Dek, UUID)} does) or discards everything on an exception.
 *
 * <p>Holds one segment of ciphertext (segment size + 17 bytes). Not thread-safe.
 */
public final class ContainerReader implements Closeable {

    private final InputStream in;
    private final ContainerHeader header;
    private final SegmentCipher cipher;
    private final int recordLength;
    /** One record plus one lookahead byte: a further byte after a full record means it is not the last. */
    private final byte[] record;
    private int filled;
    private long nextIndex;
    private boolean complete;
    private IOException failure;

    private ContainerReader(InputStream in, Dek dek, ContainerHeader header) {
        this.in = in;
        this.header = header;
        this.cipher = new SegmentCipher(dek, header);
        this.recordLength = header.segmentSize() + ContainerFormat.TAG_LENGTH;
        this.record = new byte[recordLength + 1];
    }

    /**
     * Reads and checks the header of the container in {@code in}: LKC1 magic, a segment size in range, and
     * {@code expectedFileId}. The header's bytes are verified with the first segment, since they are its AAD.
     */
    public static ContainerReader open(InputStream in, Dek dek, UUID expectedFileId) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(dek, "dek");
        byte[] headerBytes = in.readNBytes(ContainerFormat.HEADER_LENGTH);
        ContainerHeader header = ContainerHeader.parse(headerBytes);
        requireFileId(header, expectedFileId);
        return new ContainerReader(in, dek, header);
    }

    static void requireFileId(ContainerHeader header, UUID expectedFileId) throws ContainerException {
        // Checked before any decryption: a container of another file is refused even if it shares the DEK.
        if (!header.fileId().equals(Objects.requireNonNull(expectedFileId, "expectedFileId"))) {
            throw new ContainerException(ContainerException.Reason.FILE_MISMATCH,
                    "container is for file " + header.fileId() + ", expected " + expectedFileId);
        }
    }

    public ContainerHeader header() {
        return header;
    }

    /** Whether the final segment has verified and the input ended after it. */
    public boolean isComplete() {
        return complete;
    }

    /** Plaintext bytes per segment; no segment is longer. */
    public int segmentSize() {
        return header.segmentSize();
    }

    /** The next verified plaintext segment (possibly empty for an empty file), or {@code null} at the verified end. */
    public byte[] nextSegment() throws IOException {
        byte[] segment = new byte[header.segmentSize()];
        int n = nextSegment(segment, 0);
        return n < 0 ? null : Arrays.copyOf(segment, n);
    }

    /**
     * Verifies the next segment and decrypts it into {@code dst} from {@code off}, which must have room for
     * {@link #segmentSize()} bytes. Returns the plaintext length (0 only for an empty file) or -1 at the verified
     * end. If the segment fails, the bytes of {@code dst} it would have occupied are zeroed.
     */
    public int nextSegment(byte[] dst, int off) throws IOException {
        Objects.checkFromIndexSize(off, header.segmentSize(), dst.length);
        if (failure != null) {
            throw new IOException("the container already failed to decrypt", failure);
        }
        if (complete) {
            return -1;
        }
        try {
            return readSegment(dst, off);
        } catch (IOException | RuntimeException e) {
            failure = e instanceof IOException io ? io : new IOException(e);
            throw e;
        }
    }

    private int readSegment(byte[] dst, int off) throws IOException {
        while (filled < record.length) {
            int n = in.read(record, filled, record.length - filled);
            if (n < 0) {
                break;
            }
            filled += n;
        }
        boolean last = filled < record.length;
        int length = last ? filled : recordLength;
        if (length < ContainerFormat.TAG_LENGTH) {
            throw new ContainerException(ContainerException.Reason.TRUNCATED,
                    "segment " + nextIndex + " is shorter than its tag");
        }
        if (last && length == ContainerFormat.TAG_LENGTH && nextIndex > 0) {
            // Canonical form: an empty final segment exists only as the single segment of an empty file.
            throw new ContainerException(ContainerException.Reason.SEGMENT, "empty final segment after data");
        }
        if (!last && nextIndex == ContainerFormat.MAX_SEGMENT_INDEX) {
            throw new ContainerException(ContainerException.Reason.SEGMENT, "more than 2^32 segments");
        }
        int plaintextLength = cipher.open(nextIndex, last, record, 0, length, dst, off);
        nextIndex++;
        if (last) {
            complete = true;
            filled = 0;
        } else {
            record[0] = record[recordLength];
            filled = 1;
        }
        return plaintextLength;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
