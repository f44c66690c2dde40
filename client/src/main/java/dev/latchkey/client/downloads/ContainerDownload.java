package dev.latchkey.client.downloads;

import dev.latchkey.client.http.ApiException;
import dev.latchkey.client.http.ApiTransport;
import dev.latchkey.client.http.FileInfo;
import dev.latchkey.client.http.FileKey;
import dev.latchkey.client.http.LatchkeyApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Fetches a file's container into the cache, resuming an interrupted download with {@code Range} and
 * {@code If-Range} (the server's ETag), and keeps the wrapped key of the response together with the token
 * it was wrapped for.
 */
final class ContainerDownload {

    /** Thrown when the caller cancelled; what arrived stays in the cache for the next attempt. */
    static final class Cancelled extends IOException {
        Cancelled() {
            super("download cancelled");
        }
    }

    private static final int BUFFER = 64 * 1024;
    private static final long PROGRESS_EVERY_NANOS = 100_000_000L;
    /** Also report at least every this many bytes, so fast loopback transfers still show (and can be cancelled) mid-way. */
    private static final long PROGRESS_EVERY_BYTES = 4L << 20;

    private final LatchkeyApi api;
    private final ContainerCache cache;

    ContainerDownload(LatchkeyApi api, ContainerCache cache) {
        this.api = api;
        this.cache = cache;
    }

    /** Completed container and the key of the last response. */
    record Result(Path container, FileKey key) {
    }

    Result fetch(FileInfo file, Consumer<DownloadProgress> progress, AtomicBoolean cancel) throws ApiException, IOException {
        UUID id = UUID.fromString(file.id());
        return api.withToken(token -> {
            try {
                return fetchWith(token, id, file, progress, cancel);
            } catch (IOException e) {
                throw e instanceof Cancelled c ? new ApiException(Downloads.CANCELLED, 0, c.getMessage(), 0) : ApiException.network(e);
            }
        });
    }

    private Result fetchWith(String token, UUID id, FileInfo file, Consumer<DownloadProgress> progress, AtomicBoolean cancel)
            throws ApiException, IOException {
        long have = cache.partialSize(id);
        if (have >= file.containerSize()) {
            // A full partial file that was never finished (a crash before the rename): fetch it again whole.
            Files.deleteIfExists(cache.partial(id));
            have = 0;
        }
        String etag = cache.etag(id).orElse(null);
        HttpRequest.Builder b = api.transport().request("api/v1/files/" + file.id() + "/download", token)
                .header("Accept", "application/octet-stream")
                .timeout(java.time.Duration.ofHours(6))
                .GET();
        if (have > 0 && etag != null) {
            b.header("Range", "bytes=" + have + "-").header("If-Range", etag);
        }
        HttpResponse<InputStream> r = api.transport().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = r.body()) {
            int status = r.statusCode();
            if (status != 200 && status != 206) {
                throw ApiTransport.error(status, new String(body.readNBytes(64 * 1024), StandardCharsets.UTF_8),
                        r.headers().firstValue("Retry-After").orElse(null));
            }
            String wrapped = r.headers().firstValue("X-Latchkey-Wrapped-Key")
                    .orElseThrow(() -> ApiException.badResponse(status, "the download has no wrapped key"));
            r.headers().firstValue("ETag").ifPresent(e -> {
                try {
                    cache.saveEtag(id, e);
                } catch (IOException ignored) {
                    // without it the next attempt starts over: slower, never wrong
                }
            });
            long start = status == 206 ? have : 0;
            Files.createDirectories(cache.dir());
            Path part = cache.partial(id);
            try (OutputStream out = status == 206
                    ? Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
                    : Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
                copy(body, out, start, file.containerSize(), progress, cancel);
            }
            if (Files.size(part) != file.containerSize()) {
                throw new IOException("the download ended early: " + Files.size(part) + " of " + file.containerSize() + " bytes");
            }
            FileKey key = new FileKey(wrapped, token, r.headers().firstValue("X-Latchkey-Sha256").orElse(file.sha256()),
                    r.headers().firstValue("X-Latchkey-Signature").orElse(file.signature()), file.size());
            return new Result(cache.finish(id), key);
        }
    }

    private static void copy(InputStream in, OutputStream out, long start, long total, Consumer<DownloadProgress> progress,
            AtomicBoolean cancel) throws IOException {
        byte[] buf = new byte[BUFFER];
        long received = start;
        long began = System.nanoTime();
        long lastReport = 0;
        long lastReportBytes = start;
        for (int n; (n = in.read(buf)) != -1; ) {
            out.write(buf, 0, n);
            received += n;
            long now = System.nanoTime();
            if (now - lastReport >= PROGRESS_EVERY_NANOS || received - lastReportBytes >= PROGRESS_EVERY_BYTES || received == total) {
                lastReport = now;
                lastReportBytes = received;
                double seconds = Math.max(1e-3, (now - began) / 1e9);
                progress.accept(new DownloadProgress(received, total, start, (received - start) / seconds));
            }
            if (cancel.get()) {
                out.flush();
                throw new Cancelled();
            }
        }
    }
}
