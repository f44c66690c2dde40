package dev.latchkey.protocol.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every way of altering a container must fail in both decryption modes. Whole-container decryption returns
 * nothing; streaming decryption hands out exactly the segments before the damaged one and nothing after.
 */
class ContainerTamperTest {

    private static final int S = 16;
    private static final int RECORD = S + ContainerFormat.TAG_LENGTH;
    private static final int H = ContainerFormat.HEADER_LENGTH;

    private final Dek dek = Dek.generate();
    private final UUID fileId = UUID.randomUUID();
    /** Four segments: three full, the last 5 bytes. */
    private final byte[] plaintext = Fixtures.bytes(3 * S + 5, 42);
    private final byte[] container = Fixtures.encrypt(plaintext, dek, fileId, S);

    /**
     * Fails whole and streaming (small reads through the stream's buffer, and whole-segment reads straight into
     * the caller's array); the stream handed out exactly {@code verifiedSegments} segments, and the caller's
     * array holds nothing of the failing one.
     */
    private ContainerException assertRefused(byte[] altered, UUID expectedId, int verifiedSegments) {
        ContainerException whole = assertThrows(ContainerException.class,
                () -> Containers.decryptAll(altered, dek, expectedId));
        for (int bufferSize : new int[] {7, S, 3 * S}) {
            Fixtures.StreamResult streamed = Fixtures.stream(altered, dek, expectedId, bufferSize);
            assertInstanceOf(ContainerException.class, streamed.failure());
            assertArrayEquals(Arrays.copyOf(plaintext, verifiedSegments * S), streamed.delivered());
            assertArrayEquals(new byte[bufferSize], streamed.lastBuffer(), "read buffer after the failure");
        }
        return whole;
    }

    private ContainerException assertRefused(byte[] altered, int verifiedSegments) {
        return assertRefused(altered, fileId, verifiedSegments);
    }

    private static byte[] record(byte[] container, int index) {
        int from = H + index * RECORD;
        return Arrays.copyOfRange(container, from, Math.min(container.length, from + RECORD));
    }

    private static byte[] assemble(byte[] header, byte[]... records) {
        ByteBuffer out = ByteBuffer.allocate(header.length + Arrays.stream(records).mapToInt(r -> r.length).sum());
        out.put(header);
        for (byte[] r : records) {
            out.put(r);
        }
        return out.array();
    }

    private byte[] header() {
        return Arrays.copyOf(container, H);
    }

    @Test
    @DisplayName("The untouched container decrypts (the baseline of every case below)")
    void baseline() throws Exception {
        assertEquals(H + 4 * RECORD - (S - 5), container.length);
        assertArrayEquals(plaintext, Containers.decryptAll(container, dek, fileId));
    }

    @Test
    @DisplayName("A flipped bit anywhere (header, every ciphertext byte, every tag byte) is refused")
    void flipEveryByte() {
        for (int position = 0; position < container.length; position++) {
            for (int mask : new int[] {0x01, 0x80}) {
                byte[] altered = container.clone();
                altered[position] ^= (byte) mask;
                int verified = position < H ? 0 : (position - H) / RECORD;
                ContainerException e = assertRefused(altered, verified);
                if (position >= H) {
                    assertEquals(ContainerException.Reason.SEGMENT, e.reason(), "position " + position);
                }
            }
        }
    }

    @Test
    @DisplayName("Every proper prefix of the container is refused, never taken for a complete file")
    void everyTruncation() {
        for (int length = 0; length < container.length; length++) {
            byte[] cut = Arrays.copyOf(container, length);
            assertThrows(ContainerException.class, () -> Containers.decryptAll(cut, dek, fileId), "length " + length);
            Fixtures.StreamResult streamed = Fixtures.stream(cut, dek, fileId);
            assertNotNull(streamed.failure(), "length " + length);
            assertTrue(streamed.delivered().length < plaintext.length && streamed.delivered().length % S == 0);
            assertArrayEquals(Arrays.copyOf(plaintext, streamed.delivered().length), streamed.delivered());
        }
    }

    @Test
    @DisplayName("A dropped final segment is refused: the new last segment was not sealed as last")
    void droppedFinalSegment() {
        byte[] dropped = assemble(header(), record(container, 0), record(container, 1), record(container, 2));
        assertEquals(ContainerException.Reason.SEGMENT, assertRefused(dropped, 2).reason());
    }

    @Test
    @DisplayName("A cut-off final segment is refused, as truncated when less than a tag remains")
    void truncatedFinalSegment() {
        assertEquals(ContainerException.Reason.SEGMENT,
                assertRefused(Arrays.copyOf(container, container.length - 1), 3).reason());
        byte[] tagless = Arrays.copyOf(container, H + 3 * RECORD + ContainerFormat.TAG_LENGTH - 1);
        assertEquals(ContainerException.Reason.TRUNCATED, assertRefused(tagless, 3).reason());
        assertEquals(ContainerException.Reason.TRUNCATED, assertRefused(header(), 0).reason());
    }

    @Test
    @DisplayName("Swapped segments are refused at the first one out of place")
    void swappedSegments() {
        byte[] r0 = record(container, 0);
        byte[] r1 = record(container, 1);
        byte[] r2 = record(container, 2);
        byte[] r3 = record(container, 3);
        assertRefused(assemble(header(), r1, r0, r2, r3), 0);
        assertRefused(assemble(header(), r0, r2, r1, r3), 1);
        assertRefused(assemble(header(), r0, r1, r2, r2, r3), 3);
    }

    @Test
    @DisplayName("A segment spliced from another container of the same file and DEK is refused")
    void splicedSegment() {
        byte[] other = Fixtures.encrypt(plaintext, dek, fileId, S);
        assertRefused(assemble(header(), record(container, 0), record(other, 1), record(container, 2),
                record(container, 3)), 1);
        assertRefused(assemble(header(), record(container, 0), record(container, 1), record(container, 2),
                record(other, 3)), 3);
    }

    @Test
    @DisplayName("A header from another file is refused: by file id, or by every tag if that id is expected")
    void headerFromAnotherFile() {
        UUID otherId = UUID.randomUUID();
        byte[] other = Fixtures.encrypt(plaintext, dek, otherId, S);
        byte[] swapped = assemble(Arrays.copyOf(other, H), Arrays.copyOfRange(container, H, container.length));
        assertEquals(ContainerException.Reason.FILE_MISMATCH, assertRefused(swapped, fileId, 0).reason());
        assertEquals(ContainerException.Reason.SEGMENT, assertRefused(swapped, otherId, 0).reason());

        byte[] sameFile = Fixtures.encrypt(plaintext, dek, fileId, S);
        byte[] foreignHeader = assemble(Arrays.copyOf(sameFile, H), Arrays.copyOfRange(container, H, container.length));
        assertEquals(ContainerException.Reason.SEGMENT, assertRefused(foreignHeader, 0).reason());
    }

    @Test
    @DisplayName("Trailing bytes after the final segment are refused")
    void trailingGarbage() {
        for (byte[] garbage : new byte[][] {{0}, new byte[ContainerFormat.TAG_LENGTH], new byte[RECORD],
                record(container, 3)}) {
            assertRefused(ContainerRoundTripTest.concat(container, garbage), 3);
        }
        byte[] fullLast = Fixtures.encrypt(Arrays.copyOf(plaintext, 4 * S), dek, fileId, S);
        byte[] withByte = ContainerRoundTripTest.concat(fullLast, new byte[] {7});
        assertThrows(ContainerException.class, () -> Containers.decryptAll(withByte, dek, fileId));
        assertEquals(3 * S, Fixtures.stream(withByte, dek, fileId).delivered().length);
    }

    @Test
    @DisplayName("A wrong segment size in the header is refused, in range or not")
    void wrongSegmentSize() {
        for (long size : new long[] {S + 1, 2 * S, S - 1, 0, ContainerFormat.MAX_SEGMENT_SIZE + 1L, 0xFFFF_FFFFL}) {
            byte[] altered = container.clone();
            ByteBuffer.wrap(altered, 4, 4).putInt((int) size);
            ContainerException e = assertRefused(altered, 0);
            ContainerException.Reason expected = ContainerFormat.isValidSegmentSize(size)
                    ? ContainerException.Reason.SEGMENT : ContainerException.Reason.HEADER;
            assertEquals(expected, e.reason(), "size " + size);
        }
    }

    @Test
    @DisplayName("Another DEK, another expected file id, or a non-LKC1 header are refused")
    void wrongKeyOrFile() {
        assertThrows(ContainerException.class, () -> Containers.decryptAll(container, Dek.generate(), fileId));
        ContainerException mismatch = assertThrows(ContainerException.class,
                () -> Containers.decryptAll(container, dek, UUID.randomUUID()));
        assertEquals(ContainerException.Reason.FILE_MISMATCH, mismatch.reason());
        byte[] magic = container.clone();
        magic[3] = '2';
        assertEquals(ContainerException.Reason.HEADER, assertRefused(magic, 0).reason());
    }

    @Test
    @DisplayName("An empty final segment after data is refused even with valid tags (one canonical form)")
    void emptyFinalSegmentAfterData() {
        ContainerHeader header = ContainerHeader.random(fileId, S, Jce.RANDOM);
        SegmentCipher cipher = new SegmentCipher(dek, header);
        byte[] r0 = new byte[RECORD];
        byte[] r1 = new byte[RECORD];
        byte[] r2 = new byte[ContainerFormat.TAG_LENGTH];
        cipher.seal(0, false, plaintext, 0, S, r0, 0);
        cipher.seal(1, false, plaintext, S, S, r1, 0);
        cipher.seal(2, true, new byte[0], 0, 0, r2, 0);
        byte[] forged = assemble(header.encoded(), r0, r1, r2);
        ContainerException whole = assertThrows(ContainerException.class, () -> Containers.decryptAll(forged, dek, fileId));
        assertEquals(ContainerException.Reason.SEGMENT, whole.reason());
        Fixtures.StreamResult streamed = Fixtures.stream(forged, dek, fileId);
        assertInstanceOf(ContainerException.class, streamed.failure());
        assertEquals(2 * S, streamed.delivered().length);
    }

    @Test
    @DisplayName("After a failure the stream keeps refusing; it never resumes with later segments")
    void failureIsSticky() throws Exception {
        byte[] altered = container.clone();
        altered[H + RECORD + 3] ^= 1;
        try (ContainerInputStream in = new ContainerInputStream(new ByteArrayInputStream(altered), dek, fileId)) {
            assertArrayEquals(Arrays.copyOf(plaintext, S), in.readNBytes(S));
            ContainerException first = assertThrows(ContainerException.class, in::read);
            assertSame(first, assertThrows(IOException.class, in::read).getCause());
            assertSame(first, assertThrows(IOException.class, () -> in.read(new byte[10])).getCause());
        }
    }
}
