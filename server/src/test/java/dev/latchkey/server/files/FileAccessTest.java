package dev.latchkey.server.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.server.support.Licensing;
import dev.latchkey.server.support.TestServer;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class FileAccessTest {

    private static TestServer t;
    private static Licensing lic;
    private static FileApi files;
    private static String admin;
    private static String product;
    private static String stable;
    private static String pro;
    private static String beta;

    @BeforeAll
    static void start(Vertx vertx) {
        t = TestServer.start(vertx, "filesaccess");
        t.createUser("fa_admin", "admin-password-1", "admin");
        admin = t.adminToken("fa_admin", "admin-password-1");
        lic = new Licensing(t, admin);
        files = new FileApi(t.http, admin);
        product = lic.product("Access Pro", new JsonObject());
        stable = files.release(product, "app", "1.0", null, FileApi.randomBytes(100, 1)).getString("id");
        pro = files.release(product, "app-pro", "1.0", q("feature", "pro"), FileApi.randomBytes(100, 2)).getString("id");
        beta = files.release(product, "app", "1.1", q("channel", "beta"), FileApi.randomBytes(100, 3)).getString("id");
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static MultiMap q(String name, String value) {
        return MultiMap.caseInsensitiveMultiMap().add(name, value);
    }

    /** A user of the given role with one license of {@code productId}, signed in and activated on their device. */
    private static JsonObject user(String name, String role, String productId, JsonObject license) {
        t.createUser(name, "password-of-" + name, role, 20);
        JsonObject pair = lic.login(name, name + "-machine");
        assertEquals(200, lic.redeem(pair.getString("access_token"), lic.issueOne(productId, license)).statusCode());
        lic.heartbeat(pair.getString("access_token"));
        return pair;
    }

    private static Set<String> visible(String token) {
        HttpResponse<Buffer> r = files.list(token);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        JsonArray items = r.bodyAsJsonObject().getJsonArray("items");
        assertEquals(items.size(), r.bodyAsJsonObject().getInteger("total"));
        return items.stream().map(o -> ((JsonObject) o).getString("id")).collect(Collectors.toSet());
    }

    private static void assertRefused(HttpResponse<Buffer> r, int status, String code) {
        assertEquals(status, r.statusCode(), r.bodyAsString());
        assertEquals(code, r.bodyAsJsonObject().getJsonObject("error").getString("code"), r.bodyAsString());
        assertEquals(null, r.getHeader("X-Latchkey-Wrapped-Key"));
    }

    private static void assertBothRefused(String token, String fileId, int status, String code) {
        assertRefused(files.download(token, fileId, null), status, code);
        assertRefused(files.key(token, fileId), status, code);
    }

    private static String licenseId(String token) {
        return t.get("/api/v1/licenses", token).bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("id");
    }

    @Test
    @DisplayName("a plain license sees stable files without a feature; the feature file and the beta channel are refused with FORBIDDEN")
    void plainLicense() {
        String token = user("fa_plain", "user", product, new JsonObject()).getString("access_token");
        assertEquals(Set.of(stable), visible(token));
        assertEquals(200, files.download(token, stable, null).statusCode());
        assertBothRefused(token, pro, 403, "FORBIDDEN");
        assertBothRefused(token, beta, 403, "FORBIDDEN");
        assertTrue(files.download(token, pro, null).bodyAsString().contains("pro"), "the message names the missing feature");
    }

    @Test
    @DisplayName("a license with features pro and channel:beta sees all three; role vip opens the beta channel but not the feature")
    void featuresAndChannels() {
        String full = user("fa_full", "user", product,
                new JsonObject().put("features", new JsonArray().add("pro").add("channel:beta"))).getString("access_token");
        assertEquals(Set.of(stable, pro, beta), visible(full));
        assertEquals(200, files.download(full, beta, null).statusCode());
        assertEquals(200, files.key(full, pro).statusCode());

        String vip = user("fa_vip", "vip", product, new JsonObject()).getString("access_token");
        assertEquals(Set.of(stable, beta), visible(vip));
        assertEquals(200, files.download(vip, beta, null).statusCode());
        assertBothRefused(vip, pro, 403, "FORBIDDEN");
    }

    @Test
    @DisplayName("expired, suspended and revoked licenses get 403 with LICENSE_EXPIRED, LICENSE_SUSPENDED, LICENSE_REVOKED, at once, and see no files")
    void licenseStatus() {
        String token = user("fa_status", "user", product, new JsonObject()).getString("access_token");
        String id = licenseId(token);
        assertEquals(200, files.download(token, stable, null).statusCode());

        assertEquals(200, lic.patchLicense(id, new JsonObject().put("expires_at", Instant.now().minusSeconds(1).toString())).statusCode());
        assertBothRefused(token, stable, 403, "LICENSE_EXPIRED");
        assertEquals(Set.of(), visible(token));

        lic.patchLicense(id, new JsonObject().put("expires_at", Instant.now().plusSeconds(86400).toString()));
        assertEquals(200, files.download(token, stable, null).statusCode(), "extended: downloads again");

        lic.patchLicense(id, new JsonObject().put("status", "suspended"));
        assertBothRefused(token, stable, 403, "LICENSE_SUSPENDED");
        assertEquals(Set.of(), visible(token));

        lic.patchLicense(id, new JsonObject().put("status", "revoked"));
        assertBothRefused(token, stable, 403, "LICENSE_REVOKED");
        assertTrue(FileRoundTripTest.audited(t, "file.download", stable, 1).stream()
                .anyMatch(r -> "denied".equals(r.get("outcome")) && r.get("details").toString().contains("LICENSE_REVOKED")));
    }

    @Test
    @DisplayName("a license that is not activated on this device (its only seat is taken by another) is refused with FORBIDDEN")
    void notOnThisDevice() {
        t.createUser("fa_seat", "password-of-fa_seat", "user", 20);
        String first = lic.login("fa_seat", "seat-one").getString("access_token");
        lic.redeem(first, lic.issueOne(product, new JsonObject().put("max_activations", 1)));
        assertTrue(lic.heartbeat(first).getBoolean("valid"));
        String second = lic.login("fa_seat", "seat-two").getString("access_token");
        assertEquals("DEVICE_LIMIT_REACHED", lic.heartbeat(second).getString("code"));
        assertBothRefused(second, stable, 403, "FORBIDDEN");
        assertTrue(files.download(second, stable, null).bodyAsString().contains("not activated on this device"));
        assertEquals(Set.of(), visible(second));
        assertEquals(200, files.download(first, stable, null).statusCode());
    }

    @Test
    @DisplayName("a license of another product opens nothing here; an admin automation token (no device) sees and downloads nothing")
    void noLicenseNoDevice() {
        String other = lic.product("Other Product", new JsonObject());
        String token = user("fa_other", "user", other, new JsonObject()).getString("access_token");
        assertEquals(Set.of(), visible(token));
        assertBothRefused(token, stable, 403, "FORBIDDEN");
        assertEquals(Set.of(), visible(admin));
        assertBothRefused(admin, stable, 403, "FORBIDDEN");
        assertRefused(files.download(null, stable, null), 401, "TOKEN_INVALID");
    }

    @Test
    @DisplayName("a yanked file is hidden from the list and answers 404 to download and key; publishing it again brings it back")
    void yank() {
        String id = files.release(product, "yankable", "1.0", null, FileApi.randomBytes(10, 4)).getString("id");
        String token = user("fa_yank", "user", product, new JsonObject()).getString("access_token");
        assertTrue(visible(token).contains(id));
        HttpResponse<Buffer> yanked = files.patch(id, new JsonObject().put("status", "yanked"));
        assertEquals(200, yanked.statusCode(), yanked.bodyAsString());
        assertEquals("yanked", yanked.bodyAsJsonObject().getString("status"));
        assertFalse(visible(token).contains(id));
        assertBothRefused(token, id, 404, "NOT_FOUND");
        assertEquals(1, files.adminList("?status=yanked&product_id=" + product).bodyAsJsonObject().getInteger("total"));
        assertEquals(200, files.patch(id, new JsonObject().put("status", "published")).statusCode());
        assertTrue(visible(token).contains(id));
        assertEquals(200, files.download(token, id, null).statusCode());
        assertTrue(t.audit("file.update").stream().anyMatch(r -> id.equals(r.get("target_id"))));
    }

    @Test
    @DisplayName("PATCH moves a file to another channel and changes its notes; bad values and empty changes are 400, a clash 409")
    void patch() {
        String id = files.release(product, "movable", "1.0", q("notes", "first"), FileApi.randomBytes(10, 5)).getString("id");
        files.release(product, "movable", "1.0", q("channel", "beta"), FileApi.randomBytes(10, 6));
        assertEquals(409, files.patch(id, new JsonObject().put("channel", "beta")).statusCode(), "same release already in beta");
        JsonObject moved = files.patch(id, new JsonObject().put("channel", "nightly").put("notes", "second")).bodyAsJsonObject();
        assertEquals("nightly", moved.getString("channel"));
        assertEquals("second", moved.getString("notes"));
        assertEquals(null, files.patch(id, new JsonObject().putNull("notes")).bodyAsJsonObject().getString("notes"));
        assertEquals(400, files.patch(id, new JsonObject().put("status", "deleted")).statusCode());
        assertEquals(400, files.patch(id, new JsonObject().put("channel", "Not Valid")).statusCode());
        assertEquals(400, files.patch(id, new JsonObject()).statusCode());
        assertEquals(404, files.patch(java.util.UUID.randomUUID().toString(), new JsonObject().put("status", "yanked")).statusCode());
    }

    @Test
    @DisplayName("DELETE removes the row and the stored container; the file is gone for everyone")
    void delete() {
        String id = files.release(product, "deletable", "1.0", null, FileApi.randomBytes(70_000, 7)).getString("id");
        Path stored = t.dataDir.resolve("files").resolve(id + ".lkc");
        assertTrue(Files.exists(stored));
        HttpResponse<Buffer> r = files.delete(id);
        assertEquals(204, r.statusCode(), r.bodyAsString());
        assertFalse(Files.exists(stored));
        assertEquals(0, t.db.query("SELECT 1 FROM files WHERE id = ?::uuid", id).size());
        assertEquals(404, files.delete(id).statusCode());
        String token = user("fa_deleted", "user", product, new JsonObject()).getString("access_token");
        assertBothRefused(token, id, 404, "NOT_FOUND");
        assertTrue(t.audit("file.delete").stream().anyMatch(row -> id.equals(row.get("target_id"))));
    }

    @Test
    @DisplayName("the admin list pages newest first with a total and filters by product, status and channel; users get 403")
    void adminList() {
        JsonObject page = files.adminList("?product_id=" + product + "&limit=2").bodyAsJsonObject();
        assertEquals(2, page.getJsonArray("items").size());
        assertTrue(page.getInteger("total") >= 3);
        JsonObject first = page.getJsonArray("items").getJsonObject(0);
        assertTrue(first.containsKey("status") && first.containsKey("created_by"));
        JsonObject betas = files.adminList("?channel=beta&product_id=" + product).bodyAsJsonObject();
        assertTrue(betas.getJsonArray("items").stream().allMatch(o -> "beta".equals(((JsonObject) o).getString("channel"))));
        assertEquals(400, files.adminList("?status=gone").statusCode());
        String token = user("fa_nosy", "user", product, new JsonObject()).getString("access_token");
        assertEquals(403, new FileApi(t.http, token).adminList("").statusCode());
        assertEquals(403, new FileApi(t.http, token).upload(product, "x", "1", null, new byte[1]).statusCode());
    }
}
