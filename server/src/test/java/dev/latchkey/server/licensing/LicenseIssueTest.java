package dev.latchkey.server.licensing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.protocol.license.LicenseKeyFormat;
import dev.latchkey.server.support.Licensing;
import dev.latchkey.server.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class LicenseIssueTest {

    private static TestServer t;
    private static Licensing lic;
    private static String product;

    @BeforeAll
    static void start(Vertx vertx) {
        t = TestServer.start(vertx, "issue");
        t.createUser("lic_admin", "admin-password-1", "admin");
        lic = new Licensing(t, t.adminToken("lic_admin", "admin-password-1"));
        product = lic.product("Issue Pro", new JsonObject());
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static HttpResponse<Buffer> issue(JsonObject body, String accept) {
        var req = t.withBearer(t.http.post("/api/v1/admin/licenses"), lic.admin());
        if (accept != null) {
            req.putHeader("Accept", accept);
        }
        return req.sendJsonObject(body).await();
    }

    @Test
    @DisplayName("a batch of 10,000 keys: all well-formed, all distinct, stored only as keyed hashes with the last four symbols")
    void bigBatch() {
        JsonArray items = lic.issue(product, 10_000, new JsonObject().put("max_activations", 2).put("features", new JsonArray().add("pro")));
        assertEquals(10_000, items.size());
        Set<String> keys = new HashSet<>();
        for (Object o : items) {
            JsonObject l = (JsonObject) o;
            String key = l.getString("key");
            assertTrue(LicenseKeyFormat.canonical(key).isPresent(), key);
            assertTrue(keys.add(key));
            assertEquals("…" + key.substring(key.length() - 4), l.getString("key_hint"));
            assertEquals(2, l.getInteger("max_activations"));
        }
        String batchProduct = items.getJsonObject(0).getString("product_id");
        assertEquals(10_000L, t.db.query("SELECT count(DISTINCT key_hash) AS n FROM licenses WHERE product_id = ?::uuid "
                + "AND max_activations = 2 AND 'pro' = ANY(features)", batchProduct).get(0).get("n"));
        String sample = items.getJsonObject(42).getString("key").replace("-", "");
        assertEquals(0L, t.db.query("SELECT count(*) AS n FROM licenses WHERE encode(key_hash, 'escape') LIKE ? OR note LIKE ?",
                "%" + sample + "%", "%" + sample + "%").get(0).get("n"));
        assertEquals(32, ((byte[]) t.db.query("SELECT key_hash FROM licenses LIMIT 1").get(0).get("key_hash")).length);
        HttpResponse<Buffer> list = t.get("/api/v1/admin/licenses?product_id=" + product + "&limit=5", lic.admin());
        assertFalse(list.bodyAsString().contains(items.getJsonObject(0).getString("key")), "keys are shown only once");
        assertTrue(t.audit("license.issue").stream().anyMatch(r -> String.valueOf(r.get("details")).contains("10000")));
    }

    @Test
    @DisplayName("Accept: text/csv returns the keys as CSV, ready to download")
    void csv() {
        HttpResponse<Buffer> r = issue(new JsonObject().put("product_id", product).put("count", 3)
                .put("note", "=HYPERLINK(\"x\")").put("duration_days", 30), "text/csv");
        assertEquals(201, r.statusCode(), r.bodyAsString());
        assertTrue(r.getHeader("Content-Type").startsWith("text/csv"));
        String[] lines = r.bodyAsString().split("\r\n");
        assertEquals(4, lines.length);
        assertEquals("id,key,product_id,expires_at,duration_days,max_activations,features,note", lines[0]);
        String[] cells = lines[1].split(",");
        assertTrue(LicenseKeyFormat.canonical(cells[1]).isPresent());
        assertEquals("30", cells[4]);
        assertTrue(lines[1].endsWith(",\"'=HYPERLINK(\"\"x\"\")\""), "formula defused: " + lines[1]);
    }

    @Test
    @DisplayName("bad batches are refused with a reason")
    void validation() {
        JsonObject base = new JsonObject().put("product_id", product);
        for (JsonObject bad : new JsonObject[] {
            base.copy().put("count", 0), base.copy().put("count", 10_001),
            base.copy().put("expires_at", "2020-01-01T00:00:00Z"),
            base.copy().put("expires_at", "2099-01-01T00:00:00Z").put("duration_days", 5),
            base.copy().put("expires_at", "next tuesday"), base.copy().put("duration_days", 0),
            base.copy().put("max_activations", -1), base.copy().put("features", new JsonArray().add("has space")),
            base.copy().put("features", "pro"), new JsonObject().put("product_id", "nope")}) {
            HttpResponse<Buffer> r = issue(bad, null);
            assertEquals(400, r.statusCode(), bad.encode() + " -> " + r.bodyAsString());
        }
        assertEquals(404, issue(new JsonObject().put("product_id", java.util.UUID.randomUUID().toString()), null).statusCode());
    }

    @Test
    @DisplayName("products: created with defaults, names unique, changes validated")
    void products() {
        HttpResponse<Buffer> r = t.withBearer(t.http.post("/api/v1/admin/products"), lic.admin())
                .sendJsonObject(new JsonObject().put("name", "Defaults")).await();
        assertEquals(201, r.statusCode());
        assertEquals(300, r.bodyAsJsonObject().getInteger("heartbeat_interval"));
        assertEquals(1800, r.bodyAsJsonObject().getInteger("grace_period"));
        assertFalse(r.bodyAsJsonObject().getBoolean("free_seats"));
        assertEquals(409, t.withBearer(t.http.post("/api/v1/admin/products"), lic.admin())
                .sendJsonObject(new JsonObject().put("name", "DEFAULTS")).await().statusCode());
        String id = r.bodyAsJsonObject().getString("id");
        HttpResponse<Buffer> p = t.withBearer(t.http.patch("/api/v1/admin/products/" + id), lic.admin())
                .sendJsonObject(new JsonObject().put("grace_period", 3600).put("description", "d")).await();
        assertEquals(3600, p.bodyAsJsonObject().getInteger("grace_period"));
        assertEquals(400, t.withBearer(t.http.patch("/api/v1/admin/products/" + id), lic.admin())
                .sendJsonObject(new JsonObject().put("grace_period", 5)).await().statusCode());
        assertTrue(t.get("/api/v1/admin/products", lic.admin()).bodyAsJsonObject().getInteger("total") >= 2);
    }
}
