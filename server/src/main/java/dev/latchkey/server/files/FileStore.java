package dev.latchkey.server.files;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The container store: {@code DATA_DIR/files/<id>.lkc}, written as {@code <id>.part} and renamed only once
 * complete and on disk, so a reader never sees a partial container under its final name. Every blocking
 * call runs on a worker thread.
 */
final class FileStore {

    private static final Logger LOG = Logger.getLogger(FileStore.class.getName());
    private static final String CONTAINER = ".lkc";
    private static final String PART = ".part";

    private final Vertx vertx;
    private final Path dir;
    /** Deletions of unfinished uploads still under way; shutdown waits for them. */
    private final Set<Future<Void>> discarding = ConcurrentHashMap.newKeySet();

    FileStore(Vertx vertx, Path dataDir) {
        this.vertx = vertx;
        this.dir = dataDir.resolve("files").toAbsolutePath();
    }

    Path dir() {
        return dir;
    }

    Path container(UUID id) {
        return dir.resolve(id + CONTAINER);
    }

    Path part(UUID id) {
        return dir.resolve(id + PART);
    }

    /**
     * Creates the directory (0700) and removes {@code .part} files older than {@code staleAfter}: leftovers of a
     * process that died mid-upload. Only old ones, because another node sharing the directory may be writing.
     */
    Future<Integer> init(Duration staleAfter) {
        return vertx.executeBlocking(() -> {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            int removed = 0;
            Instant cutoff = Instant.now().minus(staleAfter);
            try (DirectoryStream<Path> parts = Files.newDirectoryStream(dir, "*" + PART)) {
                for (Path p : parts) {
                    if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff) && Files.deleteIfExists(p)) {
                        removed++;
                    }
                }
            }
            if (removed > 0) {
                LOG.info("Removed " + removed + " unfinished upload(s) left in " + dir);
            }
            return removed;
        }, false);
    }

    /**
     * A new, empty {@code <id>.part}, readable by the server's user only; fails if it already exists.
     *
     * <p>Call it on the request's context: the file and every callback of its writes then belong to that
     * context. (Composing on a future of another context, such as the start-up one, would move them to
     * another event loop thread, racing with the request's own.) The directory is made sure of each time for
     * the same reason, instead of waiting for {@link #init}.
     */
    Future<AsyncFile> create(UUID id) {
        return vertx.fileSystem().mkdirs(dir.toString(), "rwx------")
                .compose(v -> vertx.fileSystem().open(part(id).toString(),
                        new OpenOptions().setWrite(true).setRead(false).setCreateNew(true).setPerms("rw-------")));
    }

    /**
     * Makes a finished {@code .part} the container: closes it (which waits for pending writes), checks its
     * length, forces it to disk, renames it to {@code <id>.lkc} and forces the directory entry, so that a
     * crash right after the answer cannot lose a file the database already lists.
     */
    Future<Void> commit(UUID id, AsyncFile file, long expectedLength) {
        return file.close().compose(v -> vertx.executeBlocking(() -> {
            Path part = part(id);
            long length = Files.size(part);
            if (length != expectedLength) {
                throw new IOException("stored " + length + " bytes for file " + id + ", expected " + expectedLength);
            }
            try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(part, container(id), StandardCopyOption.ATOMIC_MOVE);
            forceDirectory();
            return null;
        }, false));
    }

    /** Closes and deletes an unfinished {@code .part}; never fails (a failure is logged, init sweeps it later). */
    Future<Void> discard(UUID id, AsyncFile file) {
        Future<Void> closed = file == null ? Future.succeededFuture() : file.close().otherwiseEmpty();
        Future<Void> done = closed.compose(v -> vertx.executeBlocking(() -> Files.deleteIfExists(part(id)), false))
                .<Void>mapEmpty()
                .onFailure(e -> LOG.warning("Could not delete unfinished upload " + part(id) + ": " + e.getMessage()))
                .otherwiseEmpty();
        discarding.add(done);
        return done.onComplete(x -> discarding.remove(done));
    }

    /** Completes when every deletion of an unfinished upload started so far is done. */
    Future<Void> drain() {
        return Future.join(List.copyOf(discarding)).<Void>mapEmpty().otherwiseEmpty();
    }

    /** Deletes a stored container; true when there was one. */
    Future<Boolean> delete(UUID id) {
        return vertx.executeBlocking(() -> Files.deleteIfExists(container(id)), false);
    }

    /** The stored container's length, or a failure when it is missing. */
    Future<Long> length(UUID id) {
        return vertx.executeBlocking(() -> {
            try {
                return Files.size(container(id));
            } catch (NoSuchFileException e) {
                throw new IOException("stored container of file " + id + " is missing from " + dir, e);
            }
        }, false);
    }

    private void forceDirectory() throws IOException {
        // Why: the rename lives in the directory's own blocks; without this a power cut may undo it.
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
