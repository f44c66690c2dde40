package dev.latchkey.server.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.server.support.Licensing;
import dev.latchkey.server.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Uploads that must not become files: too large, cut off, malformed. Each leaves nothing behind. */
@ExtendWith(VertxExtension.class)
class UploadLimitsTest {

    private static final int LIMIT = 200_000;

    private static TestServer t;
    private static FileApi files;
    private static String admin;
    private static String product;

    @BeforeAll
    static void start(Vertx vertx) {
        t = TestServer.start(vertx, "fileslimits", new JsonObject().put("LATCHKEY_MAX_UPLOAD_BYTES", LIMIT));
        t.createUser("fl_admin", "admin-password-1", "admin");
        admin = t.adminToken("fl_admin", "admin-password-1");
        files = new FileApi(t.http, admin);
        product = new Licensing(t, admin).product("Limits", new JsonObject());
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static String target(String name) {
        return "/api/v1/admin/files?product_id=" + product + "&name=" + name + "&version=1";
    }

    private static Set<String> stored() throws IOException {
        Path dir = t.dataDir.resolve("files");
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    private static Set<String> storedUnchecked() {
        try {
            return stored();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int rows(String name) {
        return t.db.query("SELECT 1 FROM files WHERE name = ?", name).size();
    }

    private static void assertPayloadTooLarge(RawHttp.Response r) {
        assertEquals(413, r.status(), r.head() + r.body());
        assertTrue(r.body().contains("\"PAYLOAD_TOO_LARGE\""), r.body());
    }

    @Test
    @DisplayName("a file of exactly the limit is stored; one byte more (declared or counted) is 413 PAYLOAD_TOO_LARGE")
    void boundary() throws Exception {
        assertEquals(201, files.upload(product, "exact", "1", null, FileApi.randomBytes(LIMIT, 1)).statusCode());
        Set<String> before = stored();
        HttpResponse<Buffer> over = files.upload(product, "over", "1", null, FileApi.randomBytes(LIMIT + 1, 2));
        assertEquals(413, over.statusCode(), over.bodyAsString());
        assertEquals("PAYLOAD_TOO_LARGE", over.bodyAsJsonObject().getJsonObject("error").getString("code"));
        assertEquals(before, stored());
        assertEquals(0, rows("over"));
    }

    @Test
    @DisplayName("a client that waits for 100-continue hears 413 before sending any of a body declared too large")
    void expectContinue() throws Exception {
        Set<String> before = stored();
        try (RawHttp c = new RawHttp(t.server.port())) {
            c.head("POST", target("continued"), "Authorization: Bearer " + admin, "Content-Type: application/octet-stream",
                    "Content-Length: " + (LIMIT + 1), "Expect: 100-continue");
            RawHttp.Response r = c.read(true);
            assertPayloadTooLarge(r);
            assertEquals("close", r.header("Connection"));
            assertTrue(c.closedByServer(), "the connection is closed after the refusal");
        }
        assertEquals(before, stored());
        assertEquals(0, rows("continued"));
    }

    @Test
    @DisplayName("a chunked body that passes the limit while streaming is refused with 413 mid-way; its partial container is deleted")
    void chunkedOverLimit() throws Exception {
        Set<String> before = stored();
        try (RawHttp c = new RawHttp(t.server.port())) {
            c.head("POST", target("chunked-over"), "Authorization: Bearer " + admin, "Content-Type: application/octet-stream",
                    "Transfer-Encoding: chunked");
            // The sender keeps going as a real client would; the answer is read concurrently.
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 40; i++) {
                        c.chunk(FileApi.randomBytes(16 * 1024, i));
                    }
                    c.lastChunk();
                } catch (IOException closedByServer) {
                    // expected once the server has refused and closed
                }
            });
            RawHttp.Response r = c.read(false);
            assertPayloadTooLarge(r);
            sender.get(20, TimeUnit.SECONDS);
        }
        await("the partial container is gone", () -> before.equals(storedUnchecked()));
        assertEquals(0, rows("chunked-over"));
        List<java.util.Map<String, Object>> audit = t.audit("file.upload");
        assertTrue(audit.stream().anyMatch(e -> "failure".equals(e.get("outcome"))
                && e.get("details").toString().contains("PAYLOAD_TOO_LARGE")), audit.toString());
    }

    @Test
    @DisplayName("a chunked body within the limit (no Content-Length) is stored like any other")
    void chunkedWithinLimit() throws Exception {
        try (RawHttp c = new RawHttp(t.server.port())) {
            c.head("POST", target("chunked-ok"), "Authorization: Bearer " + admin, "Content-Type: application/octet-stream",
                    "Transfer-Encoding: chunked");
            c.chunk(FileApi.randomBytes(70_000, 1));
            c.chunk(FileApi.randomBytes(5, 2));
            c.lastChunk();
            RawHttp.Response r = c.read(false);
            assertEquals(201, r.status(), r.body());
            assertEquals(70_005, new JsonObject(r.body()).getLong("size"));
        }
        assertEquals(1, rows("chunked-ok"));
    }

    @ParameterizedTest(name = "reset={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("a client that disconnects mid-upload (closing or resetting) leaves no file, no partial container and no row")
    void aborted(boolean reset) throws Exception {
        String name = "aborted-" + reset;
        Set<String> before = stored();
        try (RawHttp c = new RawHttp(t.server.port())) {
            c.head("POST", target(name), "Authorization: Bearer " + admin, "Content-Type: application/octet-stream",
                    "Content-Length: " + LIMIT);
            c.out.write(FileApi.randomBytes(LIMIT / 2, 3));
            c.out.flush();
            // Proof that the upload was under way: its partial container exists.
            await("a .part file appears", () -> storedUnchecked().stream().anyMatch(f -> f.endsWith(".part")));
            if (reset) {
                c.socket.setSoLinger(true, 0);
            }
        }
        await("the partial container is deleted", () -> before.equals(storedUnchecked()));
        assertEquals(0, rows(name));
        List<java.util.Map<String, Object>> audit = t.audit("file.upload");
        assertTrue(audit.stream().anyMatch(e -> "failure".equals(e.get("outcome")) && e.get("details").toString().contains("ABORTED")
                && e.get("details").toString().contains(name)), audit.toString());
    }

    @Test
    @DisplayName("bad metadata, an unknown product, a form body and a release that exists are refused before the body is read")
    void refusedUpFront() throws Exception {
        Set<String> before = stored();
        assertEquals(400, files.upload(product, "", "1", null, new byte[10]).statusCode());
        assertEquals(400, files.upload("not-a-uuid", "x", "1", null, new byte[10]).statusCode());
        assertEquals(400, files.upload(product, "x", "1", io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("channel", "Beta!"),
                new byte[10]).statusCode());
        HttpResponse<Buffer> unknown = files.upload(java.util.UUID.randomUUID().toString(), "x", "1", null, new byte[10]);
        assertEquals(404, unknown.statusCode(), unknown.bodyAsString());
        HttpResponse<Buffer> form = t.withBearer(t.http.post(target("form")), admin)
                .putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer("a=b")).await();
        assertEquals(415, form.statusCode(), form.bodyAsString());
        assertEquals(201, files.upload(product, "twice", "1", null, new byte[10]).statusCode());
        HttpResponse<Buffer> again = files.upload(product, "twice", "1", null, new byte[10]);
        assertEquals(409, again.statusCode(), again.bodyAsString());
        assertEquals("CONFLICT", again.bodyAsJsonObject().getJsonObject("error").getString("code"));
        HttpResponse<Buffer> anonymous = t.http.post(target("anonymous")).putHeader("Content-Type", "application/octet-stream")
                .sendBuffer(Buffer.buffer(new byte[50_000])).await();
        assertEquals(401, anonymous.statusCode());
        Set<String> after = stored();
        after.removeAll(before);
        assertEquals(1, after.size(), "only the one accepted upload was stored: " + after);
        assertFalse(after.iterator().next().endsWith(".part"));
    }

    @Test
    @DisplayName("after a refused upload the server still serves other requests at once (nothing stays paused or stuck)")
    void serverStillServes() throws Exception {
        try (RawHttp c = new RawHttp(t.server.port())) {
            c.head("POST", target("stuck"), "Authorization: Bearer " + admin, "Content-Type: text/plain", "Content-Length: 5000000");
            RawHttp.Response r = c.read(false);
            assertEquals(415, r.status(), r.body());
            assertTrue(c.closedByServer(), "a refused upload whose body never comes is closed, not left hanging");
        }
        assertEquals(200, files.adminList("").statusCode());
    }
}
