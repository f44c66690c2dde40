package dev.latchkey.protocol.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContainerRoundTripTest {

    private static final int SMALL = 16;
    private static final int DEFAULT = ContainerFormat.DEFAULT_SEGMENT_SIZE;

    private final Dek dek = Dek.generate();
    private final UUID fileId = UUID.randomUUID();

    /** Empty, one byte, and every segment-size boundary +-1, for a tiny and for the default segment size. */
    static Stream<Arguments> sizes() {
        Stream<Arguments> small = IntStream.of(0, 1, SMALL - 1, SMALL, SMALL + 1, 2 * SMALL - 1, 2 * SMALL,
                2 * SMALL + 1, 5 * SMALL + 3).mapToObj(n -> Arguments.of(SMALL, n));
        Stream<Arguments> standard = IntStream.of(0, 1, DEFAULT - 1, DEFAULT, DEFAULT + 1, 2 * DEFAULT,
                3 * DEFAULT + 12_345).mapToObj(n -> Arguments.of(DEFAULT, n));
        return Stream.concat(small, standard);
    }

    @ParameterizedTest(name = "segment size {0}, {1} bytes")
    @MethodSource("sizes")
    @DisplayName("Whole and streaming decryption give back the plaintext; length and digest are as specified")
    void roundTrip(int segmentSize, int length) throws Exception {
        byte[] plaintext = Fixtures.bytes(length, length);
        ContainerWriter writer = ContainerWriter.create(dek, fileId, segmentSize);
        byte[] body = writer.write(plaintext);
        ContainerWriter.Finished finished = writer.finish();
        byte[] container = concat(body, finished.tail());

        assertEquals(ContainerFormat.containerLength(length, segmentSize), container.length);
        assertArrayEquals(plaintext, Containers.decryptAll(container, dek, fileId));
        for (int bufferSize : new int[] {7, segmentSize, segmentSize + 1, 3 * segmentSize}) {
            Fixtures.StreamResult streamed = Fixtures.stream(container, dek, fileId, bufferSize);
            assertNull(streamed.failure());
            assertArrayEquals(plaintext, streamed.delivered(), "read buffer " + bufferSize);
        }

        ContainerSummary summary = finished.summary();
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(plaintext), summary.sha256());
        assertEquals(length, summary.plaintextLength());
        assertEquals(container.length, summary.containerLength());
    }

    @Test
    @DisplayName("The container bytes do not depend on how the plaintext was chunked")
    void chunkingIsInvisible() {
        byte[] plaintext = Fixtures.bytes(5 * SMALL + 3, 1);
        ContainerHeader header = ContainerHeader.random(fileId, SMALL, Jce.RANDOM);
        byte[] reference = Containers.encrypt(plaintext, new ContainerWriter(dek, header));
        for (int chunk : new int[] {1, 3, SMALL - 1, SMALL, SMALL + 1, 2 * SMALL + 5, plaintext.length}) {
            ContainerWriter writer = new ContainerWriter(dek, header);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int off = 0; off < plaintext.length; off += chunk) {
                out.writeBytes(writer.write(plaintext, off, Math.min(chunk, plaintext.length - off)));
                out.writeBytes(writer.write(new byte[0]));
            }
            out.writeBytes(writer.finish().tail());
            assertArrayEquals(reference, out.toByteArray(), "chunk size " + chunk);
        }
    }

    @Test
    @DisplayName("Heap, direct and offset ByteBuffers are consumed and encrypt like arrays")
    void byteBuffers() throws Exception {
        byte[] plaintext = Fixtures.bytes(3 * SMALL + 2, 2);
        ContainerHeader header = ContainerHeader.random(fileId, SMALL, Jce.RANDOM);
        byte[] reference = Containers.encrypt(plaintext, new ContainerWriter(dek, header));

        ContainerWriter writer = new ContainerWriter(dek, header);
        ByteBuffer direct = ByteBuffer.allocateDirect(plaintext.length).put(plaintext).flip();
        ByteBuffer sliced = ByteBuffer.wrap(concat(new byte[5], plaintext), 5, plaintext.length).slice();
        byte[] fromDirect = concat(writer.write(direct), writer.finish().tail());
        assertEquals(0, direct.remaining());
        writer = new ContainerWriter(dek, header);
        byte[] fromSlice = concat(writer.write(sliced), writer.finish().tail());
        assertEquals(0, sliced.remaining());

        assertArrayEquals(reference, fromDirect);
        assertArrayEquals(reference, fromSlice);
    }

    @Test
    @DisplayName("Each container gets a fresh nonce prefix, so the same file encrypts differently")
    void freshNoncePrefix() {
        byte[] plaintext = Fixtures.bytes(100, 3);
        byte[] a = Containers.encrypt(plaintext, dek, fileId);
        byte[] b = Containers.encrypt(plaintext, dek, fileId);
        assertNotEquals(HexBytes.of(a, 24, 31), HexBytes.of(b, 24, 31));
    }

    @Test
    @DisplayName("The header carries magic, segment size, file id and nonce prefix at the specified offsets")
    void headerLayout() throws Exception {
        UUID id = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
        byte[] container = Fixtures.encrypt(new byte[0], dek, id, 0x12345);
        assertEquals("4c4b4331" + "00012345" + "00112233445566778899aabbccddeeff", HexBytes.of(container, 0, 24));
        ContainerHeader parsed = ContainerHeader.parse(container);
        assertEquals(0x12345, parsed.segmentSize());
        assertEquals(id, parsed.fileId());
        assertArrayEquals(Arrays.copyOfRange(container, 24, 31), parsed.noncePrefix());
    }

    @Test
    @DisplayName("The stream helpers and ContainerOutputStream produce containers that decrypt")
    void streamHelpers() throws Exception {
        byte[] plaintext = Fixtures.bytes(3 * DEFAULT + 99, 4);
        ByteArrayOutputStream viaHelper = new ByteArrayOutputStream();
        ContainerSummary helper = Containers.encrypt(new ByteArrayInputStream(plaintext), viaHelper, dek, fileId);
        assertArrayEquals(plaintext, Containers.decryptAll(new ByteArrayInputStream(viaHelper.toByteArray()), dek, fileId));

        ByteArrayOutputStream viaStream = new ByteArrayOutputStream();
        ContainerSummary summary;
        try (ContainerOutputStream out = new ContainerOutputStream(ContainerWriter.create(dek, fileId, 1000), viaStream)) {
            out.write(plaintext[0]);
            out.write(plaintext, 1, plaintext.length - 1);
            summary = out.finish();
            assertThrows(IOException.class, () -> out.write(1));
        }
        assertArrayEquals(helper.sha256(), summary.sha256());
        assertEquals(new ContainerSummary(helper.sha256(), plaintext.length, viaHelper.size()), helper);
        assertArrayEquals(plaintext, Containers.decryptAll(viaStream.toByteArray(), dek, fileId));
    }

    @Test
    @DisplayName("Closing a ContainerOutputStream without finish() leaves a container that never decrypts")
    void abortedUploadDoesNotDecrypt() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (ContainerOutputStream out = new ContainerOutputStream(ContainerWriter.create(dek, fileId, SMALL), sink)) {
            out.write(Fixtures.bytes(10 * SMALL, 5));
        }
        assertTrue(sink.size() > ContainerFormat.HEADER_LENGTH);
        assertThrows(ContainerException.class, () -> Containers.decryptAll(sink.toByteArray(), dek, fileId));
        assertTrue(Fixtures.stream(sink.toByteArray(), dek, fileId).failure() instanceof ContainerException);
    }

    @Test
    @DisplayName("A finished writer refuses more input, and segment sizes outside the range are refused")
    void writerMisuse() {
        ContainerWriter writer = ContainerWriter.create(dek, fileId);
        writer.finish();
        assertThrows(IllegalStateException.class, () -> writer.write(new byte[1]));
        assertThrows(IllegalStateException.class, writer::finish);
        assertThrows(IllegalArgumentException.class, () -> ContainerWriter.create(dek, fileId, 15));
        assertThrows(IllegalArgumentException.class,
                () -> ContainerWriter.create(dek, fileId, ContainerFormat.MAX_SEGMENT_SIZE + 1));
        ContainerWriter.create(dek, fileId, ContainerFormat.MIN_SEGMENT_SIZE);
        ContainerWriter.create(dek, fileId, ContainerFormat.MAX_SEGMENT_SIZE);
    }

    @Test
    @DisplayName("containerLength: header + plaintext + one tag per segment, one segment for an empty file")
    void containerLengthFormula() {
        assertEquals(31 + 16, ContainerFormat.containerLength(0, SMALL));
        assertEquals(31 + 16 + 16, ContainerFormat.containerLength(16, SMALL));
        assertEquals(31 + 17 + 32, ContainerFormat.containerLength(17, SMALL));
        long gib = 1L << 30;
        assertEquals(31 + gib + 16 * (gib / DEFAULT), ContainerFormat.containerLength(gib, DEFAULT));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
