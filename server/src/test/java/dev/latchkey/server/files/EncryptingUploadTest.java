package dev.latchkey.server.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.latchkey.protocol.container.ContainerFormat;
import dev.latchkey.protocol.container.Containers;
import dev.latchkey.protocol.container.Dek;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The streaming encryptor behind a bare Vert.x HTTP server, with its backpressure pushed to the extreme. */
@ExtendWith(VertxExtension.class)
class EncryptingUploadTest {

    @Test
    @DisplayName("with a write queue that is full after every segment, a 6 MiB body still arrives whole: every pause is resumed")
    void everySegmentPauses(Vertx vertx, @TempDir Path dir) throws Exception {
        FileStore store = new FileStore(vertx, dir);
        // As in the server: the store is set up on another event loop than the one serving the request. The
        // upload's callbacks must still all run on the request's loop (EncryptingUpload asserts it).
        AtomicReference<String> initLoop = new AtomicReference<>();
        AtomicReference<String> requestLoop = new AtomicReference<>();
        vertx.deployVerticle(new VerticleBase() {
            @Override
            public Future<?> start() {
                initLoop.set(Thread.currentThread().getName());
                return store.init(Duration.ofHours(1));
            }
        }).await();
        Dek dek = Dek.generate();
        UUID id = UUID.randomUUID();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            requestLoop.set(Thread.currentThread().getName());
            request.pause();
            // A 2-byte queue (the least AsyncFile takes): each sealed segment fills it, so the request pauses
            // ~100 times and must be resumed each time.
            new EncryptingUpload(request, store, id, dek, Long.MAX_VALUE, 2).start().onComplete(done -> {
                if (done.succeeded()) {
                    request.response().end(String.valueOf(done.result().containerLength()));
                } else {
                    request.response().setStatusCode(500).end(String.valueOf(done.cause()));
                }
            });
        }).listen(0, "127.0.0.1").await();
        WebClient client = WebClient.create(vertx);
        try {
            byte[] body = FileApi.randomBytes(6 * 1024 * 1024 + 5, 42);
            HttpResponse<Buffer> r = client.post(server.actualPort(), "127.0.0.1", "/").timeout(30_000)
                    .sendBuffer(Buffer.buffer(body)).await();
            assertEquals(200, r.statusCode(), r.bodyAsString());
            long expected = ContainerFormat.containerLength(body.length, ContainerFormat.DEFAULT_SEGMENT_SIZE);
            assertEquals(String.valueOf(expected), r.bodyAsString());
            byte[] container = Files.readAllBytes(store.container(id));
            assertEquals(expected, container.length);
            assertArrayEquals(body, Containers.decryptAll(container, dek, id));
            assertFalse(Files.exists(store.part(id)));
            assertNotEquals(initLoop.get(), requestLoop.get(), "the scenario needs two event loops");
        } finally {
            client.close();
            server.close().await();
        }
    }
}
