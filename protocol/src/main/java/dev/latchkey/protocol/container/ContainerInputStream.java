package dev.latchkey.protocol.container;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.UUID;

/**
 * Plaintext of an LKC1 container as an {@link InputStream}, built on {@link ContainerReader} and with its
 * guarantees: only verified segments are returned, {@code -1} comes only after the verified final segment,
 * and any failure is a {@link ContainerException} (or an I/O error of the source) that repeats on every later
 * read. Bytes of segments that verified before a failure have been returned already: discard them on error.
 *
 * <p>A read with room for a whole segment decrypts straight into the caller's array; if that segment fails,
 * the part of the array it would have filled is zeroed. Not thread-safe.
 */
public final class ContainerInputStream extends InputStream {

    private final ContainerReader reader;
    /** The current verified segment; {@code position..limit} is not yet handed out. */
    private final byte[] segment;
    private int position;
    private int limit;

    /** Reads and checks the header now; see {@link ContainerReader#open(InputStream, Dek, UUID)}. */
    public ContainerInputStream(InputStream container, Dek dek, UUID expectedFileId) throws IOException {
        this.reader = ContainerReader.open(container, dek, expectedFileId);
        this.segment = new byte[reader.segmentSize()];
    }

    public ContainerHeader header() {
        return reader.header();
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return segment[position++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (position == limit && len >= segment.length) {
            // Room for a whole segment: decrypt straight into the caller's array (verified before it is written).
            int n;
            do {
                n = reader.nextSegment(b, off);
            } while (n == 0); // only an empty file's single segment is empty; the next call reports the end
            return n;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, limit - position);
        System.arraycopy(segment, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return limit - position;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    /** Makes at least one byte available; false at the verified end. */
    private boolean fill() throws IOException {
        while (position == limit) {
            int n = reader.nextSegment(segment, 0);
            if (n < 0) {
                return false;
            }
            position = 0;
            limit = n;
        }
        return true;
    }
}
