package dev.latchkey.server.files;

import dev.latchkey.protocol.container.ContainerSummary;
import dev.latchkey.protocol.container.ContainerWriter;
import dev.latchkey.protocol.container.Dek;
import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.UUID;

/**
 * Receives one upload body and encrypts it into {@code <id>.part} as it arrives, then makes it
 * {@code <id>.lkc}. Memory stays bounded whatever the file size: one segment inside the
 * {@link ContainerWriter}, and at most the file's write queue in flight, because the request is paused
 * while that queue is full (TCP then slows the sender down).
 *
 * <p>Where encryption runs: here, on the request's event loop, deliberately. Measured on the 2-core
 * development machine (Java 17, JCE AES-GCM with AES-NI, 8 KiB body chunks as Netty delivers them, after
 * warm-up): a {@code write} call that seals a 64 KiB segment, plaintext SHA-256 included, takes a median
 * 20-25 us (p99 70-90 us), about 1 GB/s overall; handing a chunk to a worker and back
 * ({@code executeBlocking}) costs a median 30-42 us (p99 0.1-1.3 ms) by itself, more than the work it would
 * move, and the chunks would then need ordering across threads. So an event loop is busy for at most tens of
 * microseconds per chunk, the same kind of work TLS does on the event loop for every byte; a whole 1 GiB
 * upload costs a warm server about 2 s of user CPU (about half of it AES-GCM and SHA-256) plus kernel time for
 * the socket and the disk. File writes and {@code fsync} do block, so they go through {@link AsyncFile} and
 * worker threads.
 *
 * <p>Every callback runs on the request's event loop (the file is opened from it, see {@link FileStore#create}),
 * so the state needs no locking. Failure anywhere (client gone, limit exceeded, disk error) deletes the
 * {@code .part} before the returned future fails, so nothing is left behind by the time anyone is told.
 */
final class EncryptingUpload {

    /** Bytes of sealed container that may wait for the disk before the request is paused. */
    static final int WRITE_QUEUE_BYTES = 1024 * 1024;

    private enum State { RECEIVING, FINISHING, DONE, FAILED }

    private final HttpServerRequest request;
    private final FileStore store;
    private final UUID id;
    private final long limit;
    private final int writeQueueBytes;
    private final ContainerWriter writer;
    private final Promise<ContainerSummary> result = Promise.promise();
    private AsyncFile file;
    private State state = State.RECEIVING;
    private long received;
    private Throwable writeError;
    /** The request's event loop thread; every callback must run on it (checked when assertions are on, as in tests). */
    private Thread loop;

    EncryptingUpload(HttpServerRequest request, FileStore store, UUID id, Dek dek, long limit) {
        this(request, store, id, dek, limit, WRITE_QUEUE_BYTES);
    }

    /** With a chosen write queue (at least 2 bytes): tests make it tiny so that every segment pauses the request. */
    EncryptingUpload(HttpServerRequest request, FileStore store, UUID id, Dek dek, long limit, int writeQueueBytes) {
        this.request = request;
        this.store = store;
        this.id = id;
        this.limit = limit;
        this.writeQueueBytes = writeQueueBytes;
        this.writer = ContainerWriter.create(dek, id);
    }

    /** Reads the (paused) request to its end; completes once the container is stored under its final name. */
    Future<ContainerSummary> start() {
        if (request.response().closed()) {
            return Future.failedFuture(new UploadAborted(0));
        }
        loop = Thread.currentThread();
        request.exceptionHandler(this::onBroken);
        request.response().closeHandler(v -> onBroken(null));
        store.create(id).onComplete(opened -> {
            assert onLoop();
            if (opened.failed()) {
                fail(opened.cause());
                return;
            }
            file = opened.result();
            if (state != State.RECEIVING) {
                // The client left while the file was being created.
                store.discard(id, file);
                return;
            }
            try {
                file.setWriteQueueMaxSize(writeQueueBytes);
                file.exceptionHandler(this::onWriteFailure);
                // Called each time the queue, after being full, has drained to half.
                file.drainHandler(v -> {
                    assert onLoop();
                    if (state == State.RECEIVING) {
                        request.resume();
                    }
                });
                request.handler(this::onData);
                request.endHandler(v -> onEnd());
                if ("100-continue".equalsIgnoreCase(request.getHeader("Expect")) && request.version() != HttpVersion.HTTP_1_0) {
                    request.response().writeContinue();
                }
                request.resume();
            } catch (RuntimeException e) {
                // e.g. the request ended or broke in the meantime: never leave the client waiting.
                fail(e);
            }
        });
        return result.future();
    }

    long received() {
        return received;
    }

    int segmentSize() {
        return writer.header().segmentSize();
    }

    private void onData(Buffer chunk) {
        assert onLoop();
        if (state != State.RECEIVING) {
            return;
        }
        received += chunk.length();
        if (received > limit) {
            fail(new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "The file is larger than the upload limit of " + limit + " bytes"));
            return;
        }
        byte[] sealed = writer.write(chunk.getBytes());
        if (sealed.length > 0) {
            file.write(Buffer.buffer(sealed)).onFailure(this::onWriteFailure);
            if (file.writeQueueFull()) {
                request.pause();
            }
        }
    }

    private void onEnd() {
        if (state != State.RECEIVING) {
            return;
        }
        state = State.FINISHING;
        ContainerWriter.Finished finished = writer.finish();
        file.write(Buffer.buffer(finished.tail())).onFailure(this::onWriteFailure);
        ContainerSummary summary = finished.summary();
        store.commit(id, file, summary.containerLength()).onComplete(committed -> {
            assert onLoop();
            if (committed.succeeded() && writeError == null) {
                state = State.DONE;
                result.complete(summary);
            } else if (committed.succeeded()) {
                state = State.FAILED;
                store.delete(id).onComplete(x -> result.fail(writeError));
            } else {
                fail(writeError != null ? writeError : committed.cause());
            }
        });
    }

    private void onWriteFailure(Throwable err) {
        assert onLoop();
        if (writeError == null) {
            writeError = err;
        }
        if (state == State.RECEIVING) {
            fail(err);
        }
        // While finishing, the commit sees the short file (or this error) and fails there.
    }

    /** The connection broke (or the body was malformed) before the end: the upload is abandoned. */
    private void onBroken(Throwable ignored) {
        if (state == State.RECEIVING) {
            fail(new UploadAborted(received));
        }
        // Once the whole body has arrived the file is complete: it is stored even if nobody hears the answer.
    }

    private void fail(Throwable cause) {
        if (state == State.DONE || state == State.FAILED) {
            return;
        }
        state = State.FAILED;
        // A file still being created is discarded by the creation callback, which sees the state.
        store.discard(id, file).onComplete(x -> result.tryFail(cause));
    }

    private boolean onLoop() {
        if (Thread.currentThread() != loop) {
            throw new AssertionError("upload callback on " + Thread.currentThread().getName() + ", not on the request's "
                    + loop.getName() + ": the state is not thread-safe");
        }
        return true;
    }

    /** The client went away before sending the whole body. Nobody is left to answer. */
    static final class UploadAborted extends RuntimeException {
        UploadAborted(long received) {
            super("upload aborted by the client after " + received + " bytes", null, false, false);
        }
    }
}
