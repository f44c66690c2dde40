package dev.latchkey.protocol.container;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.UUID;

/** Whole-stream helpers over {@link ContainerWriter} and {@link SegmentCipher}. */
public final class Containers {

    private static final int COPY_CHUNK = 64 * 1024;

    private Containers() {
    }

    /** Encrypts all of {@code plaintext} into {@code container} (64 KiB segments); neither stream is closed. */
    public static ContainerSummary encrypt(InputStream plaintext, OutputStream container, Dek dek, UUID fileId)
            throws IOException {
        return encrypt(plaintext, container, ContainerWriter.create(dek, fileId));
    }

    /** Encrypts all of {@code plaintext} with a chosen segment size; neither stream is closed. */
    public static ContainerSummary encrypt(InputStream plaintext, OutputStream container, Dek dek, UUID fileId,
            int segmentSize) throws IOException {
        return encrypt(plaintext, container, ContainerWriter.create(dek, fileId, segmentSize));
    }

    static ContainerSummary encrypt(InputStream plaintext, OutputStream container, ContainerWriter writer)
            throws IOException {
        byte[] chunk = new byte[COPY_CHUNK];
        int n;
        while ((n = plaintext.read(chunk)) >= 0) {
            byte[] out = writer.write(chunk, 0, n);
            if (out.length > 0) {
                container.write(out);
            }
        }
        ContainerWriter.Finished finished = writer.finish();
        container.write(finished.tail());
        container.flush();
        return finished.summary();
    }

    /** Encrypts a byte array into a whole container (64 KiB segments). */
    public static byte[] encrypt(byte[] plaintext, Dek dek, UUID fileId) {
        return encrypt(plaintext, ContainerWriter.create(dek, fileId));
    }

    static byte[] encrypt(byte[] plaintext, ContainerWriter writer) {
        byte[] body = writer.write(plaintext);
        byte[] tail = writer.finish().tail();
        byte[] container = Arrays.copyOf(body, body.length + tail.length);
        System.arraycopy(tail, 0, container, body.length, tail.length);
        return container;
    }

    /** Reads the whole container, then {@link #decryptAll(byte[], Dek, UUID)}. */
    public static byte[] decryptAll(InputStream container, Dek dek, UUID expectedFileId) throws IOException {
        return decryptAll(container.readAllBytes(), dek, expectedFileId);
    }

    /**
     * Decrypts a whole container and returns its plaintext only if the header matches
     * {@code expectedFileId} and every segment verifies; otherwise throws and returns nothing.
     */
    public static byte[] decryptAll(byte[] container, Dek dek, UUID expectedFileId) throws ContainerException {
        ContainerHeader header = ContainerHeader.parse(container);
        ContainerReader.requireFileId(header, expectedFileId);
        int segmentSize = header.segmentSize();
        long recordLength = segmentSize + ContainerFormat.TAG_LENGTH;
        long body = container.length - ContainerFormat.HEADER_LENGTH;
        long segments = Math.max(1, (body + recordLength - 1) / recordLength);
        long lastLength = body - (segments - 1) * recordLength;
        if (lastLength < ContainerFormat.TAG_LENGTH) {
            throw new ContainerException(ContainerException.Reason.TRUNCATED, "last segment is shorter than its tag");
        }
        if (lastLength == ContainerFormat.TAG_LENGTH && segments > 1) {
            // Canonical form: an empty final segment exists only as the single segment of an empty file.
            throw new ContainerException(ContainerException.Reason.SEGMENT, "empty final segment after data");
        }
        if (segments - 1 > ContainerFormat.MAX_SEGMENT_INDEX) {
            throw new ContainerException(ContainerException.Reason.SEGMENT, "more than 2^32 segments");
        }
        byte[] plaintext = new byte[(int) (body - segments * ContainerFormat.TAG_LENGTH)];
        SegmentCipher cipher = new SegmentCipher(dek, header);
        int in = ContainerFormat.HEADER_LENGTH;
        int out = 0;
        try {
            for (long index = 0; index < segments; index++) {
                boolean last = index == segments - 1;
                int length = (int) (last ? lastLength : recordLength);
                out += cipher.open(index, last, container, in, length, plaintext, out);
                in += length;
            }
        } catch (ContainerException e) {
            // Nothing is returned on failure; zeroing also clears segments that did verify.
            Arrays.fill(plaintext, (byte) 0);
            throw e;
        }
        return plaintext;
    }
}
