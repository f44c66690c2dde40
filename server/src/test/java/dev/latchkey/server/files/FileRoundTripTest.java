package dev.latchkey.server.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.protocol.container.ContainerException;
import dev.latchkey.protocol.container.ContainerFormat;
import dev.latchkey.protocol.container.Containers;
import dev.latchkey.protocol.container.Dek;
import dev.latchkey.protocol.container.FileDigestSignature;
import dev.latchkey.protocol.container.KeyUnwrapException;
import dev.latchkey.protocol.container.UserKeyWrap;
import dev.latchkey.protocol.lease.Ed25519Keys;
import dev.latchkey.server.support.Licensing;
import dev.latchkey.server.support.TestServer;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(VertxExtension.class)
class FileRoundTripTest {

    private static final int SEGMENT = ContainerFormat.DEFAULT_SEGMENT_SIZE;

    private static TestServer t;
    private static FileApi files;
    private static String product;
    private static String token;
    private static String userId;

    @BeforeAll
    static void start(Vertx vertx) {
        t = TestServer.start(vertx, "filesrt");
        t.createUser("frt_admin", "admin-password-1", "admin");
        String admin = t.adminToken("frt_admin", "admin-password-1");
        Licensing lic = new Licensing(t, admin);
        files = new FileApi(t.http, admin);
        product = lic.product("Round Trip", new JsonObject());
        JsonObject pair = lic.userWithLicense("frt_user", product, new JsonObject(), "frt-machine");
        token = pair.getString("access_token");
        userId = pair.getString("user_id");
        assertTrue(lic.heartbeat(token).getBoolean("valid"), "the license is activated on this device");
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static String sha256Hex(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, SEGMENT, 3 * SEGMENT + 123})
    @DisplayName("an uploaded file downloads as a container that decrypts, with the caller's wrapped key, to the exact original")
    void roundTrip(int size) throws Exception {
        byte[] original = FileApi.randomBytes(size, size);
        JsonObject stored = files.release(product, "app.exe", "1.0." + size, null, original);
        String id = stored.getString("id");
        assertEquals(size, stored.getLong("size"));
        assertEquals(ContainerFormat.containerLength(size, SEGMENT), stored.getLong("container_size"));
        assertEquals(sha256Hex(original), stored.getString("sha256"));
        assertEquals("stable", stored.getString("channel"));
        assertEquals("published", stored.getString("status"));
        assertFalse(stored.containsKey("wrapped_dek"), "the at-rest key never leaves the server");

        HttpResponse<Buffer> r = files.download(token, id, null);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        byte[] container = r.bodyAsBuffer() == null ? new byte[0] : r.bodyAsBuffer().getBytes();
        assertEquals(stored.getLong("container_size"), container.length);
        assertEquals(String.valueOf(container.length), r.getHeader("Content-Length"));
        assertEquals("application/octet-stream", r.getHeader("Content-Type"));
        assertEquals("bytes", r.getHeader("Accept-Ranges"));
        assertEquals(id, r.getHeader("X-Latchkey-File-Id"));
        assertEquals(String.valueOf(size), r.getHeader("X-Latchkey-Size"));
        assertEquals(sha256Hex(original), r.getHeader("X-Latchkey-Sha256"));
        assertEquals(stored.getString("signature"), r.getHeader("X-Latchkey-Signature"));
        assertTrue(r.getHeader("ETag").startsWith("\"") && r.getHeader("ETag").endsWith("\""), r.getHeader("ETag"));

        byte[] plain = FileApi.decrypt(container, r.getHeader("X-Latchkey-Wrapped-Key"), token, userId, id);
        assertArrayEquals(original, plain);

        // The stored file is exactly what was served: the server re-encrypts nothing per download.
        assertArrayEquals(Files.readAllBytes(t.dataDir.resolve("files").resolve(id + ".lkc")), container);
        assertTrue(Files.readAllBytes(t.dataDir.resolve("files").resolve(id + ".lkc")).length > 0);
        if (size > 16) {
            String text = new String(container, StandardCharsets.ISO_8859_1);
            assertFalse(text.contains(new String(original, 0, 16, StandardCharsets.ISO_8859_1)), "no plaintext in the container");
        }
    }

    @Test
    @DisplayName("the digest signature verifies with the JWK the server publishes, and only for its own file id")
    void signatureVerifies() throws Exception {
        byte[] original = "signed bytes".getBytes(StandardCharsets.UTF_8);
        JsonObject stored = files.release(product, "signed.bin", "1", null, original);
        Ed25519PublicKeyParameters pub = Ed25519Keys.publicKeyFromJwk(t.http.get("/api/v1/signing-key").send().await().bodyAsString());
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(original);
        byte[] signature = Base64.getDecoder().decode(stored.getString("signature"));
        UUID id = UUID.fromString(stored.getString("id"));
        assertTrue(FileDigestSignature.verify(pub, id, digest, signature));
        assertFalse(FileDigestSignature.verify(pub, UUID.randomUUID(), digest, signature));
        assertFalse(FileDigestSignature.verify(pub, id, MessageDigest.getInstance("SHA-256").digest(new byte[1]), signature));
    }

    @Test
    @DisplayName("the wrapped key opens only with the token it was made for and the caller's user id and file id; every request wraps afresh")
    void keyBoundToTokenAndUser() throws Exception {
        byte[] original = FileApi.randomBytes(5000, 7);
        String id = files.release(product, "bound.bin", "1", null, original).getString("id");
        HttpResponse<Buffer> k = files.key(token, id);
        assertEquals(200, k.statusCode(), k.bodyAsString());
        JsonObject key = k.bodyAsJsonObject();
        String wrapped = key.getString("wrapped_key");
        assertEquals(80, wrapped.length());
        assertEquals(5000, key.getLong("size"));
        assertEquals(sha256Hex(original), key.getString("sha256"));
        assertEquals(id, key.getString("file_id"));
        UUID fid = UUID.fromString(id);
        UUID uid = UUID.fromString(userId);
        Dek dek = UserKeyWrap.unwrap(wrapped, token, uid, fid);
        byte[] container = files.download(token, id, null).bodyAsBuffer().getBytes();
        assertArrayEquals(original, Containers.decryptAll(container, dek, fid));

        String otherToken = token.substring(0, token.length() / 2) + (token.charAt(token.length() / 2) == 'A' ? 'B' : 'A')
                + token.substring(token.length() / 2 + 1);
        assertThrows(KeyUnwrapException.class, () -> UserKeyWrap.unwrap(wrapped, otherToken, uid, fid));
        assertThrows(KeyUnwrapException.class, () -> UserKeyWrap.unwrap(wrapped, token, UUID.randomUUID(), fid));
        assertThrows(KeyUnwrapException.class, () -> UserKeyWrap.unwrap(wrapped, token, uid, UUID.randomUUID()));
        assertNotEquals(wrapped, files.key(token, id).bodyAsJsonObject().getString("wrapped_key"), "fresh nonce per request");
        assertFalse(t.db.query("SELECT encode(wrapped_dek, 'base64') AS w FROM files WHERE id = ?::uuid", id).get(0)
                .get("w").toString().replace("\n", "").equals(wrapped), "the per-user key is not the stored one");
    }

    @Test
    @DisplayName("a second sign-in of the same user gets a different wrapped key that its own token opens and the first token does not")
    void keyPerToken() throws Exception {
        String id = files.release(product, "per-token.bin", "1", null, FileApi.randomBytes(100, 3)).getString("id");
        Licensing lic = new Licensing(t, null);
        String second = lic.login("frt_user", "frt-machine").getString("access_token");
        String wrapped = files.key(second, id).bodyAsJsonObject().getString("wrapped_key");
        UUID fid = UUID.fromString(id);
        UUID uid = UUID.fromString(userId);
        UserKeyWrap.unwrap(wrapped, second, uid, fid);
        assertThrows(KeyUnwrapException.class, () -> UserKeyWrap.unwrap(wrapped, token, uid, fid));
    }

    @Test
    @DisplayName("a download resumed with Range (and If-Range) continues the same container, and the pieces decrypt to the original")
    void rangeResume() throws Exception {
        byte[] original = FileApi.randomBytes(5 * SEGMENT + 999, 11);
        String id = files.release(product, "resume.bin", "1", null, original).getString("id");
        HttpResponse<Buffer> full = files.download(token, id, null);
        long total = Long.parseLong(full.getHeader("Content-Length"));
        String etag = full.getHeader("ETag");
        int cut = 100_000;

        HttpResponse<Buffer> head = files.download(token, id, MultiMap.caseInsensitiveMultiMap().add("Range", "bytes=0-" + (cut - 1)));
        assertEquals(206, head.statusCode());
        assertEquals("bytes 0-" + (cut - 1) + "/" + total, head.getHeader("Content-Range"));
        assertEquals(String.valueOf(cut), head.getHeader("Content-Length"));
        HttpResponse<Buffer> rest = files.download(token, id, MultiMap.caseInsensitiveMultiMap()
                .add("Range", "bytes=" + cut + "-").add("If-Range", etag));
        assertEquals(206, rest.statusCode());
        assertEquals("bytes " + cut + "-" + (total - 1) + "/" + total, rest.getHeader("Content-Range"));
        assertEquals(etag, rest.getHeader("ETag"));

        byte[] joined = Buffer.buffer().appendBuffer(head.bodyAsBuffer()).appendBuffer(rest.bodyAsBuffer()).getBytes();
        assertEquals(total, joined.length);
        assertArrayEquals(full.bodyAsBuffer().getBytes(), joined);
        // The key from the second request opens the whole container: the DEK is the file's, only the wrapping differs.
        assertArrayEquals(original, FileApi.decrypt(joined, rest.getHeader("X-Latchkey-Wrapped-Key"), token, userId, id));
        assertArrayEquals(original, FileApi.decrypt(joined, head.getHeader("X-Latchkey-Wrapped-Key"), token, userId, id));
        assertThrows(ContainerException.class, () -> FileApi.decrypt(head.bodyAsBuffer().getBytes(),
                head.getHeader("X-Latchkey-Wrapped-Key"), token, userId, id), "a partial container alone never decrypts");
    }

    @Test
    @DisplayName("Range forms: suffix, open-ended and clamped ranges answer 206; beyond the end 416; a stale If-Range or several ranges get the whole 200")
    void rangeForms() {
        byte[] original = FileApi.randomBytes(1000, 5);
        String id = files.release(product, "ranges.bin", "1", null, original).getString("id");
        byte[] all = files.download(token, id, null).bodyAsBuffer().getBytes();
        long total = all.length;

        HttpResponse<Buffer> suffix = files.download(token, id, range("bytes=-10"));
        assertEquals(206, suffix.statusCode());
        assertEquals("bytes " + (total - 10) + "-" + (total - 1) + "/" + total, suffix.getHeader("Content-Range"));
        assertArrayEquals(java.util.Arrays.copyOfRange(all, (int) total - 10, (int) total), suffix.bodyAsBuffer().getBytes());

        HttpResponse<Buffer> clamped = files.download(token, id, range("bytes=1000-999999"));
        assertEquals(206, clamped.statusCode());
        assertEquals("bytes 1000-" + (total - 1) + "/" + total, clamped.getHeader("Content-Range"));
        assertEquals(total - 1000, clamped.bodyAsBuffer().length());

        HttpResponse<Buffer> longSuffix = files.download(token, id, range("bytes=-999999"));
        assertEquals(206, longSuffix.statusCode());
        assertArrayEquals(all, longSuffix.bodyAsBuffer().getBytes());

        for (String unsatisfiable : new String[] {"bytes=" + total + "-", "bytes=" + (total + 5) + "-" + (total + 10), "bytes=-0"}) {
            HttpResponse<Buffer> r = files.download(token, id, range(unsatisfiable));
            assertEquals(416, r.statusCode(), unsatisfiable);
            assertEquals("bytes */" + total, r.getHeader("Content-Range"));
            assertEquals("RANGE_NOT_SATISFIABLE", r.bodyAsJsonObject().getJsonObject("error").getString("code"));
            assertNull(r.getHeader("X-Latchkey-Wrapped-Key"));
        }

        HttpResponse<Buffer> stale = files.download(token, id, range("bytes=10-").add("If-Range", "\"something-else\""));
        assertEquals(200, stale.statusCode());
        assertArrayEquals(all, stale.bodyAsBuffer().getBytes());
        HttpResponse<Buffer> several = files.download(token, id, range("bytes=0-1,5-6"));
        assertEquals(200, several.statusCode());
        assertEquals(total, several.bodyAsBuffer().length());
        HttpResponse<Buffer> backwards = files.download(token, id, range("bytes=9-3"));
        assertEquals(200, backwards.statusCode());
    }

    @Test
    @DisplayName("every download and key request is audited once, Range requests and refusals included, with no key or token in it")
    void auditedOncePerRequest() {
        String id = files.release(product, "audited.bin", "1", null, FileApi.randomBytes(300, 9)).getString("id");
        files.download(token, id, null);
        files.download(token, id, range("bytes=0-9"));
        files.download(token, id, range("bytes=99999-"));
        files.key(token, id);
        List<Map<String, Object>> downloads = audited(t, "file.download", id, 3);
        assertEquals(3, downloads.size(), downloads.toString());
        // A transfer's event is written when it ends, so the 206's may be committed after the 416's: compare as sets.
        assertEquals(List.of("failure", "success", "success"), downloads.stream().map(r -> (String) r.get("outcome")).sorted().toList());
        assertTrue(downloads.stream().anyMatch(r -> "success".equals(r.get("outcome")) && r.get("details").toString().contains("\"status\": 206")),
                downloads.toString());
        assertTrue(downloads.stream().anyMatch(r -> "failure".equals(r.get("outcome")) && r.get("details").toString().contains("\"status\": 416")),
                downloads.toString());
        assertTrue(downloads.stream().allMatch(r -> userId.equals(r.get("actor_id").toString())), downloads.toString());
        List<Map<String, Object>> keys = audited(t, "file.key", id, 1);
        assertEquals(1, keys.size());
        String all = downloads.toString() + keys;
        assertFalse(all.contains(token), "no token in the audit trail");
        assertFalse(all.contains(files.key(token, id).bodyAsJsonObject().getString("wrapped_key").substring(0, 20)));
        List<Map<String, Object>> uploads = t.audit("file.upload").stream().filter(r -> id.equals(r.get("target_id"))).toList();
        assertEquals(1, uploads.size());
        assertEquals("success", uploads.get(0).get("outcome"));
    }

    @Test
    @DisplayName("an independent implementation (scripts/verify-container.mjs, Node's crypto only) decrypts a download and finds the same digest")
    void independentCheck(@TempDir Path dir) throws Exception {
        byte[] original = FileApi.randomBytes(2 * SEGMENT + 77, 13);
        JsonObject stored = files.release(product, "node.bin", "1", null, original);
        String id = stored.getString("id");
        HttpResponse<Buffer> r = files.download(token, id, null);
        Path container = dir.resolve("file.lkc");
        Files.write(container, r.bodyAsBuffer().getBytes());
        String jwkX = new JsonObject(t.http.get("/api/v1/signing-key").send().await().bodyAsString()).getString("x");
        Path script = repositoryRoot().resolve("scripts/verify-container.mjs");
        ProcessBuilder pb = new ProcessBuilder("node", script.toString(), "--container", container.toString(),
                "--wrapped-key", r.getHeader("X-Latchkey-Wrapped-Key"), "--user-id", userId, "--file-id", id,
                "--signature", r.getHeader("X-Latchkey-Signature"), "--public-key", jwkX).redirectErrorStream(true);
        pb.environment().put("LATCHKEY_ACCESS_TOKEN", token);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        assertEquals(sha256Hex(original), output.lines().reduce((a, b) -> b).orElse(""), output);

        // Same script, another token: refused (the wrapped key is bound to the token it was made for).
        ProcessBuilder wrong = new ProcessBuilder(pb.command()).redirectErrorStream(true);
        wrong.environment().put("LATCHKEY_ACCESS_TOKEN", token + "x");
        Process q = wrong.start();
        q.getInputStream().readAllBytes();
        assertTrue(q.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, q.exitValue());
    }

    @Test
    @DisplayName("the caller's list shows the released files with digest, signature and sizes, and never the stored key")
    void listed() {
        String id = files.release(product, "listed.bin", "2.0", MultiMap.caseInsensitiveMultiMap().add("notes", "fixes"),
                FileApi.randomBytes(10, 1)).getString("id");
        JsonArray items = files.list(token).bodyAsJsonObject().getJsonArray("items");
        JsonObject item = items.stream().map(JsonObject.class::cast).filter(o -> id.equals(o.getString("id"))).findFirst().orElseThrow();
        assertEquals("Round Trip", item.getString("product"));
        assertEquals("2.0", item.getString("version"));
        assertEquals("fixes", item.getString("notes"));
        assertEquals(10, item.getLong("size"));
        assertFalse(item.containsKey("wrapped_dek"));
        assertFalse(item.containsKey("status"));
    }

    /**
     * The audit events of one file, once at least {@code expected} are there: a download is audited when its
     * last byte has been handed to the socket, which may be a moment after the client has read it.
     */
    static List<Map<String, Object>> audited(TestServer t, String action, String fileId, int expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            List<Map<String, Object>> rows = t.audit(action).stream().filter(r -> fileId.equals(r.get("target_id"))).toList();
            if (rows.size() >= expected || System.nanoTime() > deadline) {
                return rows;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return rows;
            }
        }
    }

    private static MultiMap range(String value) {
        return MultiMap.caseInsensitiveMultiMap().add("Range", value);
    }

    static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("scripts/verify-container.mjs"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("scripts/verify-container.mjs not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
