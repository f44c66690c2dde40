package dev.latchkey.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.server.support.Hwids;
import dev.latchkey.server.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class AdminUsersTest {

    private static TestServer t;
    private static String admin;
    private static String adminId;

    @BeforeAll
    static void start(Vertx vertx) {
        t = TestServer.start(vertx, "adminusers");
        adminId = t.createUser("boss", "boss-password-1", "admin").id().toString();
        admin = t.adminToken("boss", "boss-password-1");
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static HttpResponse<Buffer> create(JsonObject body) {
        return t.withBearer(t.http.post("/api/v1/admin/users"), admin).sendJsonObject(body).await();
    }

    private static String code(HttpResponse<Buffer> r) {
        return r.bodyAsJsonObject().getJsonObject("error").getString("code");
    }

    @Test
    @DisplayName("an admin creates a user; the password is stored as an Argon2id PHC string, never returned")
    void createUser() {
        HttpResponse<Buffer> r = create(new JsonObject().put("username", "Frank_1").put("password", "frank-password")
                .put("email", "frank@example.com").put("role", "vip").put("max_devices", 5));
        assertEquals(201, r.statusCode(), r.bodyAsString());
        JsonObject u = r.bodyAsJsonObject();
        assertEquals("vip", u.getString("role"));
        assertEquals(5, u.getInteger("max_devices"));
        assertFalse(r.bodyAsString().contains("argon2"));
        String hash = (String) t.db.query("SELECT password_hash FROM users WHERE id = ?::uuid", u.getString("id")).get(0).get("password_hash");
        assertTrue(Pattern.matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}", hash), hash);
        assertTrue(t.audit("user.create").stream().anyMatch(row -> u.getString("id").equals(row.get("target_id"))
                && adminId.equals(String.valueOf(row.get("actor_id")))));
        t.audit("user.create").forEach(row -> assertFalse(String.valueOf(row.get("details")).contains("frank-password")));
    }

    @Test
    @DisplayName("usernames are unique whatever their case; a duplicate is CONFLICT")
    void uniqueCaseInsensitive() {
        assertEquals(201, create(new JsonObject().put("username", "gina").put("password", "gina-password")).statusCode());
        HttpResponse<Buffer> dup = create(new JsonObject().put("username", "GINA").put("password", "gina-password"));
        assertEquals(409, dup.statusCode());
        assertEquals("CONFLICT", code(dup));
    }

    @Test
    @DisplayName("bad input is refused with a reason: username charset and length, role, device limit, email, types")
    void validation() {
        for (JsonObject bad : new JsonObject[] {
            new JsonObject().put("username", "ab").put("password", "long-enough-1"),
            new JsonObject().put("username", "has space").put("password", "long-enough-1"),
            new JsonObject().put("username", "x".repeat(51)).put("password", "long-enough-1"),
            new JsonObject().put("username", "okname").put("password", "short"),
            new JsonObject().put("username", "okname").put("password", "long-enough-1").put("role", "root"),
            new JsonObject().put("username", "okname").put("password", "long-enough-1").put("max_devices", -1),
            new JsonObject().put("username", "okname").put("password", "long-enough-1").put("email", "nope"),
            new JsonObject().put("username", 42).put("password", "long-enough-1")}) {
            HttpResponse<Buffer> r = create(bad);
            assertEquals(400, r.statusCode(), bad.encode());
            assertEquals("VALIDATION_FAILED", code(r));
        }
    }

    @Test
    @DisplayName("search finds users by part of the name, with total and paging")
    void search() {
        for (String n : new String[] {"search_a", "search_b", "search_c"}) {
            create(new JsonObject().put("username", n).put("password", "search-password"));
        }
        JsonObject page = t.get("/api/v1/admin/users?q=SEARCH_&limit=2&offset=0", admin).bodyAsJsonObject();
        assertEquals(3, page.getInteger("total"));
        assertEquals(2, page.getJsonArray("items").size());
        assertEquals(1, t.get("/api/v1/admin/users?q=search_&limit=2&offset=2", admin).bodyAsJsonObject().getJsonArray("items").size());
        assertEquals(400, t.get("/api/v1/admin/users?limit=0", admin).statusCode());
    }

    @Test
    @DisplayName("a role change takes effect at once: the user's old tokens end")
    void roleChangeEndsSessions() {
        String id = create(new JsonObject().put("username", "hank").put("password", "hank-password")).bodyAsJsonObject().getString("id");
        String access = t.postJson("/auth/client/login", new JsonObject().put("username", "hank").put("password", "hank-password")
                .put("hwid", Hwids.machine("hank"))).bodyAsJsonObject().getString("access_token");
        HttpResponse<Buffer> r = t.withBearer(t.http.patch("/api/v1/admin/users/" + id), admin)
                .sendJsonObject(new JsonObject().put("role", "vip").put("max_devices", 7)).await();
        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals(7, r.bodyAsJsonObject().getInteger("max_devices"));
        assertEquals(401, t.get("/api/v1/me", access).statusCode());
    }

    @Test
    @DisplayName("non-admins get FORBIDDEN on the admin API; anonymous callers get 401")
    void nonAdminForbidden() {
        create(new JsonObject().put("username", "ivy").put("password", "ivy-password"));
        String access = t.postJson("/auth/client/login", new JsonObject().put("username", "ivy").put("password", "ivy-password")
                .put("hwid", Hwids.machine("ivy"))).bodyAsJsonObject().getString("access_token");
        HttpResponse<Buffer> r = t.get("/api/v1/admin/users", access);
        assertEquals(403, r.statusCode());
        assertEquals("FORBIDDEN", code(r));
        assertEquals(401, t.get("/api/v1/admin/users", null).statusCode());
    }

    @Test
    @DisplayName("an admin cannot block or demote themself")
    void noSelfLockout() {
        HttpResponse<Buffer> r = t.withBearer(t.http.patch("/api/v1/admin/users/" + adminId), admin)
                .sendJsonObject(new JsonObject().put("blocked", true)).await();
        assertEquals(403, r.statusCode());
    }

    @Test
    @DisplayName("admins list live sessions and end one; unknown ids are NOT_FOUND")
    void sessions() {
        create(new JsonObject().put("username", "jack").put("password", "jack-password"));
        String access = t.postJson("/auth/client/login", new JsonObject().put("username", "jack").put("password", "jack-password")
                .put("hwid", Hwids.machine("jack"))).bodyAsJsonObject().getString("access_token");
        String sid = t.get("/api/v1/me", access).bodyAsJsonObject().getJsonObject("session").getString("id");
        JsonObject list = t.get("/api/v1/admin/sessions", admin).bodyAsJsonObject();
        assertTrue(list.getJsonArray("items").stream().anyMatch(o -> sid.equals(((JsonObject) o).getString("id"))));
        HttpResponse<Buffer> del = t.withBearer(t.http.delete("/api/v1/admin/sessions/" + sid), admin).send().await();
        assertEquals(204, del.statusCode());
        assertEquals(401, t.get("/api/v1/me", access).statusCode());
        assertEquals(404, t.withBearer(t.http.delete("/api/v1/admin/sessions/" + sid), admin).send().await().statusCode());
        assertEquals(404, t.withBearer(t.http.delete("/api/v1/admin/sessions/not-a-uuid"), admin).send().await().statusCode());
        assertFalse(t.audit("session.revoke").isEmpty());
    }

    @Test
    @DisplayName("the audit log is searchable by action prefix and actor, newest first")
    void auditSearch() {
        create(new JsonObject().put("username", "kate").put("password", "kate-password"));
        t.services().audit().close().await();
        JsonObject page = t.get("/api/v1/admin/audit?action=user&actor=" + adminId + "&limit=50", admin).bodyAsJsonObject();
        assertTrue(page.getInteger("total") >= 1);
        page.getJsonArray("items").forEach(o -> assertTrue(((JsonObject) o).getString("action").startsWith("user.")));
        assertEquals(400, t.get("/api/v1/admin/audit?since=yesterday", admin).statusCode());
    }
}
