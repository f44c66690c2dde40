package dev.latchkey.server.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.latchkey.protocol.container.Containers;
import dev.latchkey.protocol.container.Dek;
import dev.latchkey.protocol.container.UserKeyWrap;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.Random;
import java.util.UUID;

/** The files API as tests call it: upload as an admin, list, download and decrypt as a client would. */
final class FileApi {

    private final WebClient http;
    private final String admin;

    FileApi(WebClient http, String adminToken) {
        this.http = http;
        this.admin = adminToken;
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    HttpResponse<Buffer> upload(String product, String name, String version, MultiMap extra, byte[] body) {
        HttpRequest<Buffer> r = bearer(http.post("/api/v1/admin/files"), admin)
                .addQueryParam("product_id", product).addQueryParam("name", name).addQueryParam("version", version)
                .putHeader("Content-Type", "application/octet-stream");
        if (extra != null) {
            extra.forEach(r::addQueryParam);
        }
        return r.sendBuffer(Buffer.buffer(body)).await();
    }

    /** Uploads and returns the 201 body. */
    JsonObject release(String product, String name, String version, MultiMap extra, byte[] body) {
        HttpResponse<Buffer> r = upload(product, name, version, extra, body);
        assertEquals(201, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject();
    }

    HttpResponse<Buffer> list(String token) {
        return bearer(http.get("/api/v1/files"), token).send().await();
    }

    HttpResponse<Buffer> download(String token, String fileId, MultiMap headers) {
        HttpRequest<Buffer> r = bearer(http.get("/api/v1/files/" + fileId + "/download"), token);
        if (headers != null) {
            r.putHeaders(headers);
        }
        return r.send().await();
    }

    HttpResponse<Buffer> key(String token, String fileId) {
        return bearer(http.get("/api/v1/files/" + fileId + "/key"), token).send().await();
    }

    HttpResponse<Buffer> patch(String fileId, JsonObject change) {
        return bearer(http.patch("/api/v1/admin/files/" + fileId), admin).sendJsonObject(change).await();
    }

    HttpResponse<Buffer> delete(String fileId) {
        return bearer(http.delete("/api/v1/admin/files/" + fileId), admin).send().await();
    }

    HttpResponse<Buffer> adminList(String query) {
        return bearer(http.get("/api/v1/admin/files" + query), admin).send().await();
    }

    /** What the client does: open the wrapped key with its own token and user id, then the whole container. */
    static byte[] decrypt(byte[] container, String wrappedKey, String token, String userId, String fileId) throws Exception {
        Dek dek = UserKeyWrap.unwrap(wrappedKey, token, UUID.fromString(userId), UUID.fromString(fileId));
        return Containers.decryptAll(container, dek, UUID.fromString(fileId));
    }

    private static HttpRequest<Buffer> bearer(HttpRequest<Buffer> r, String token) {
        return token == null ? r : r.putHeader("Authorization", "Bearer " + token);
    }
}
