package dev.latchkey.protocol.container;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;

/** Shared helpers for the container tests. */
final class Fixtures {

    private Fixtures() {
    }

    /** Deterministic pseudo-random bytes, so a failing case can be rerun. */
    static byte[] bytes(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] encrypt(byte[] plaintext, Dek dek, UUID fileId, int segmentSize) {
        return Containers.encrypt(plaintext, ContainerWriter.create(dek, fileId, segmentSize));
    }

    /**
     * Result of a streaming read: the plaintext handed out before the end or the failure, the failure, and the
     * caller's read buffer as it was left by the last read.
     */
    record StreamResult(byte[] delivered, IOException failure, byte[] lastBuffer) {
    }

    /** Reads through {@link ContainerInputStream} with small reads, so every byte passes its internal buffer. */
    static StreamResult stream(byte[] container, Dek dek, UUID fileId) {
        return stream(container, dek, fileId, 7);
    }

    /** Reads through {@link ContainerInputStream} with reads of {@code bufferSize}, zeroing the buffer before each. */
    static StreamResult stream(byte[] container, Dek dek, UUID fileId, int bufferSize) {
        ByteArrayOutputStream delivered = new ByteArrayOutputStream();
        byte[] buffer = new byte[bufferSize];
        try (ContainerInputStream in = new ContainerInputStream(new ByteArrayInputStream(container), dek, fileId)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                delivered.write(buffer, 0, n);
                Arrays.fill(buffer, (byte) 0);
            }
            return new StreamResult(delivered.toByteArray(), null, buffer);
        } catch (IOException e) {
            return new StreamResult(delivered.toByteArray(), e, buffer);
        }
    }

    /** A file of the repository checkout, found by walking up from the module directory. */
    static Path repoFile(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }
}
