package dev.latchkey.server.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

/** Admin and client calls the licensing tests repeat, made through the public API. */
public final class Licensing {

    private final TestServer t;
    private final String admin;

    public Licensing(TestServer t, String adminToken) {
        this.t = t;
        this.admin = adminToken;
    }

    public String product(String name, JsonObject extra) {
        HttpResponse<Buffer> r = t.withBearer(t.http.post("/api/v1/admin/products"), admin)
                .sendJsonObject(new JsonObject().put("name", name).mergeIn(extra)).await();
        assertEquals(201, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject().getString("id");
    }

    /** Issues licenses; returns the JSON items, each with its one-time {@code key}. */
    public JsonArray issue(String productId, int count, JsonObject extra) {
        HttpResponse<Buffer> r = t.withBearer(t.http.post("/api/v1/admin/licenses"), admin)
                .sendJsonObject(new JsonObject().put("product_id", productId).put("count", count).mergeIn(extra)).await();
        assertEquals(201, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject().getJsonArray("licenses");
    }

    public String issueOne(String productId, JsonObject extra) {
        return issue(productId, 1, extra).getJsonObject(0).getString("key");
    }

    /** Creates a user with a license redeemed, signs in from {@code machine}; returns the token pair. */
    public JsonObject userWithLicense(String username, String productId, JsonObject licenseExtra, String machine) {
        t.createUser(username, "password-of-" + username, "user", 20);
        JsonObject pair = login(username, machine);
        redeem(pair.getString("access_token"), issueOne(productId, licenseExtra));
        return pair;
    }

    public JsonObject login(String username, String machine) {
        HttpResponse<Buffer> r = t.postJson("/auth/client/login", new JsonObject().put("username", username)
                .put("password", "password-of-" + username).put("hwid", Hwids.machine(machine)));
        assertEquals(200, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject();
    }

    public HttpResponse<Buffer> redeem(String access, String key) {
        return t.withBearer(t.http.post("/api/v1/licenses/redeem"), access)
                .sendJsonObject(new JsonObject().put("license_key", key)).await();
    }

    public JsonObject heartbeat(String access) {
        HttpResponse<Buffer> r = t.withBearer(t.http.post("/api/v1/heartbeat"), access).sendJsonObject(new JsonObject()).await();
        assertEquals(200, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject();
    }

    public HttpResponse<Buffer> patchLicense(String id, JsonObject change) {
        return t.withBearer(t.http.patch("/api/v1/admin/licenses/" + id), admin).sendJsonObject(change).await();
    }

    public String admin() {
        return admin;
    }
}
