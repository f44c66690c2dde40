package dev.latchkey.client.downloads;

import dev.latchkey.client.account.Account;
import dev.latchkey.client.http.ApiException;
import dev.latchkey.client.http.FileInfo;
import dev.latchkey.client.http.FileKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Getting a file ready for use: the container from the cache or the server (resumed when interrupted),
 * a freshly wrapped key for every use, then decryption and verification in memory. Blocking: call it on a
 * background executor.
 */
public final class Downloads {

    private static final Logger LOG = Logger.getLogger(Downloads.class.getName());

    /** Client-side codes, reported like the server's. */
    public static final String CANCELLED = "CANCELLED";
    public static final String BAD_SIGNATURE = "BAD_SIGNATURE";
    public static final String BAD_DIGEST = "BAD_DIGEST";
    public static final String BAD_KEY = "BAD_KEY";
    public static final String CORRUPT = "CONTAINER_CORRUPT";
    public static final String TOO_LARGE = "FILE_TOO_LARGE";

    private final Account account;
    private final ContainerCache cache;
    private final FileOpener opener;

    public Downloads(Account account, Path cacheDir) {
        this.account = account;
        this.cache = new ContainerCache(cacheDir);
        this.opener = new FileOpener(account.filePublicKey());
    }

    public ContainerCache cache() {
        return cache;
    }

    /**
     * The files this device may download. Files are served only for licenses activated on this device, which
     * a heartbeat does (the window's heartbeat plugin beats at start, but possibly after this call): so beat
     * first. Its verdict does not matter here, the file endpoints check the license again.
     */
    public List<FileInfo> available() throws ApiException {
        account.api().heartbeat();
        return account.api().files();
    }

    /** What the cache holds of {@code file}: complete, or how many bytes of an interrupted download. */
    public record CacheState(boolean complete, long partialBytes) {
    }

    public CacheState cacheState(FileInfo file) {
        UUID id = UUID.fromString(file.id());
        try {
            return new CacheState(cache.completed(id, file.containerSize()).isPresent(), cache.partialSize(id));
        } catch (IOException e) {
            return new CacheState(false, 0);
        }
    }

    /** Downloads (or resumes) the container into the cache unless it is complete there; answers its key if it fetched one. */
    public Optional<FileKey> ensureContainer(FileInfo file, Consumer<DownloadProgress> progress, AtomicBoolean cancel)
            throws ApiException {
        try {
            if (cache.completed(UUID.fromString(file.id()), file.containerSize()).isPresent()) {
                return Optional.empty();
            }
            ContainerDownload.Result r = new ContainerDownload(account.api(), cache).fetch(file, progress, cancel);
            LOG.info("Downloaded container of file " + file.id() + " (" + file.containerSize() + " bytes)");
            return Optional.of(r.key());
        } catch (IOException e) {
            throw ApiException.network(e);
        }
    }

    /**
     * The verified plaintext, in memory. Uses the cached container (downloading it first if needed) and a
     * key wrapped for the current token; a container that fails its checks is removed from the cache.
     */
    public DecryptedFile open(FileInfo file, Consumer<DownloadProgress> progress, AtomicBoolean cancel) throws ApiException {
        Optional<FileKey> fromDownload = ensureContainer(file, progress, cancel);
        FileKey key = fromDownload.isPresent() ? fromDownload.get() : account.api().fileKey(file.id());
        UUID id = UUID.fromString(file.id());
        try {
            return opener.open(file, cache.complete(id), key, account.userId());
        } catch (FileOpener.Refused e) {
            if (!TOO_LARGE.equals(e.code)) {
                try {
                    cache.discard(id);
                } catch (IOException ignored) {
                    // the next attempt overwrites it
                }
            }
            LOG.warning("File " + file.id() + " refused: " + e.code);
            throw new ApiException(e.code, 0, e.getMessage(), 0);
        } catch (IOException e) {
            throw ApiException.network(e);
        }
    }
}
