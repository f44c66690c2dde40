package dev.latchkey.server.files;

import dev.latchkey.protocol.container.MasterKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Set;

/**
 * Master-key files in {@code DATA_DIR/secrets/}, in the format {@code SecretsLoader} reads (base64, one line).
 * Every write is atomic and durable: a temporary file created with mode 0600 (never readable by others, not
 * even briefly), forced to disk, renamed over the target, and the directory forced too. Blocking.
 */
final class SecretFile {

    private SecretFile() {
    }

    static MasterKey read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            throw new IOException("no master key at " + file, e);
        }
        return decode(text, file.toString());
    }

    /** A master key from its base64 text; the message names {@code source}, never the text. */
    static MasterKey decode(String base64, String source) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " is not valid base64");
        }
        try {
            return MasterKey.fromBytes(raw);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage());
        }
    }

    static String encode(MasterKey key) {
        return Base64.getEncoder().encodeToString(key.toBytes());
    }

    static void write(Path file, MasterKey key) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ch.write(ByteBuffer.wrap((encode(key) + "\n").getBytes(StandardCharsets.US_ASCII)));
            ch.force(true);
        }
        replace(tmp, file);
    }

    /** Renames {@code from} over {@code to} in one step and makes the rename durable. */
    static void replace(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(to.getParent());
    }

    static void delete(Path file) throws IOException {
        if (Files.deleteIfExists(file)) {
            forceDirectory(file.getParent());
        }
    }

    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
