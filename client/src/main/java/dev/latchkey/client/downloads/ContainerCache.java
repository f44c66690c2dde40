package dev.latchkey.client.downloads;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;

/**
 * Downloaded containers in the cache folder. Only ciphertext is ever stored here: {@code <id>.lkc} when
 * complete, {@code <id>.lkc.part} while downloading, and {@code <id>.etag} to resume only the same container.
 */
public final class ContainerCache {

    private final Path dir;

    public ContainerCache(Path dir) {
        this.dir = dir;
    }

    public Path complete(UUID fileId) {
        return dir.resolve(fileId + ".lkc");
    }

    Path partial(UUID fileId) {
        return dir.resolve(fileId + ".lkc.part");
    }

    private Path etagFile(UUID fileId) {
        return dir.resolve(fileId + ".etag");
    }

    /** The complete container when it is here with the expected size. */
    public Optional<Path> completed(UUID fileId, long containerSize) throws IOException {
        Path p = complete(fileId);
        return Files.isRegularFile(p) && Files.size(p) == containerSize ? Optional.of(p) : Optional.empty();
    }

    /** Bytes of an interrupted download, 0 when none. */
    public long partialSize(UUID fileId) throws IOException {
        Path p = partial(fileId);
        return Files.isRegularFile(p) ? Files.size(p) : 0;
    }

    Optional<String> etag(UUID fileId) throws IOException {
        Path p = etagFile(fileId);
        return Files.isRegularFile(p) ? Optional.of(Files.readString(p, StandardCharsets.US_ASCII).strip()) : Optional.empty();
    }

    void saveEtag(UUID fileId, String etag) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(etagFile(fileId), etag, StandardCharsets.US_ASCII);
    }

    /** Turns the finished partial file into the complete container. */
    Path finish(UUID fileId) throws IOException {
        Path done = complete(fileId);
        Files.move(partial(fileId), done, StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(etagFile(fileId));
        return done;
    }

    /** Forgets a container that failed its checks, so the next use downloads it again. */
    public void discard(UUID fileId) throws IOException {
        Files.deleteIfExists(complete(fileId));
        Files.deleteIfExists(partial(fileId));
        Files.deleteIfExists(etagFile(fileId));
    }

    public Path dir() {
        return dir;
    }
}
