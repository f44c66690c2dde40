package dev.latchkey.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.server.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin API's large lists (users, licenses, devices, sessions) page by cursor as well as by offset, and say
 * whether their total is exact: 40 users, each with a device, a desktop session and a license.
 */
@ExtendWith(VertxExtension.class)
class AdminListsTest {

    private static final List<String> LISTS = List.of("/api/v1/admin/users", "/api/v1/admin/licenses",
            "/api/v1/admin/devices", "/api/v1/admin/sessions");
    private static TestServer t;
    private static String admin;

    @BeforeAll
    static void start(Vertx vertx) {
        t = TestServer.start(vertx, "adminlists");
        t.createUser("lists_boss", "boss-password-1", "admin");
        admin = t.adminToken("lists_boss", "boss-password-1");
        t.db.update("INSERT INTO users (id, username, password_hash, created_at) SELECT md5('u' || i)::uuid, 'listed_' || i, 'x', "
                + "now() - (i / 4) * interval '1 hour' FROM generate_series(1, 40) AS i");
        t.db.update("INSERT INTO devices (id, user_id, components, created_at) SELECT md5('d' || i)::uuid, md5('u' || i)::uuid, "
                + "jsonb_build_object('cpu', encode(sha256(i::text::bytea), 'hex')), "
                + "now() - (i / 4) * interval '1 hour' FROM generate_series(1, 40) AS i");
        t.db.update("INSERT INTO sessions (id, user_id, kind, device_id, expires_at, created_at) SELECT md5('s' || i)::uuid, "
                + "md5('u' || i)::uuid, 'client', md5('d' || i)::uuid, now() + interval '1 day', now() - (i / 4) * interval '1 hour' "
                + "FROM generate_series(1, 40) AS i");
        t.db.update("INSERT INTO products (id, name) VALUES ('00000000-0000-0000-0000-0000000000a1', 'Listed')");
        t.db.update("INSERT INTO licenses (id, product_id, key_hash, key_last4, user_id, created_at) SELECT md5('l' || i)::uuid, "
                + "'00000000-0000-0000-0000-0000000000a1', sha256(i::text::bytea), 'ABCD', md5('u' || i)::uuid, "
                + "now() - (i / 4) * interval '1 hour' FROM generate_series(1, 40) AS i");
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static HttpResponse<Buffer> get(String path) {
        return t.get(path, admin);
    }

    private static JsonObject ok(String path) {
        HttpResponse<Buffer> r = get(path);
        assertEquals(200, r.statusCode(), path + ": " + r.bodyAsString());
        return r.bodyAsJsonObject();
    }

    private static List<String> ids(JsonArray items) {
        List<String> out = new ArrayList<>();
        items.forEach(o -> out.add(((JsonObject) o).getString("id")));
        return out;
    }

    private static String code(HttpResponse<Buffer> r) {
        return r.bodyAsJsonObject().getJsonObject("error").getString("code");
    }

    @Test
    @DisplayName("following next from page to page lists every row once, newest first, in the order offset paging gives")
    void cursorPaging() {
        for (String list : LISTS) {
            JsonObject all = ok(list + "?limit=500");
            long total = all.getLong("total");
            assertTrue(total >= 40, list);
            assertEquals(true, all.getBoolean("total_exact"), list);
            assertNull(all.getString("next"), list + ": everything fitted on one page");
            List<String> expected = ids(all.getJsonArray("items"));
            assertEquals(total, expected.size(), list);

            List<String> paged = new ArrayList<>();
            JsonObject page = ok(list + "?limit=7");
            assertEquals(total, page.getLong("total"), list);
            while (true) {
                paged.addAll(ids(page.getJsonArray("items")));
                String next = page.getString("next");
                if (next == null) {
                    break;
                }
                page = ok(list + "?limit=7&after=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            }
            assertEquals(expected, paged, list);
            assertEquals(expected.size(), new HashSet<>(paged).size(), list + " repeats a row");

            JsonObject offset = ok(list + "?limit=7&offset=9");
            assertEquals(expected.subList(9, 16), ids(offset.getJsonArray("items")), list + " by offset");
            assertNotNull(offset.getString("next"), list + ": offset pages hand out a cursor too");
        }
    }

    @Test
    @DisplayName("offsets beyond 10,000, a cursor that is not one, and a cursor with an offset are 400 VALIDATION_FAILED")
    void refusals() {
        for (String list : LISTS) {
            HttpResponse<Buffer> deep = get(list + "?offset=10001");
            assertEquals(400, deep.statusCode(), list);
            assertEquals("VALIDATION_FAILED", code(deep));
            assertTrue(deep.bodyAsString().contains("after="), deep.bodyAsString());
            assertEquals(200, get(list + "?offset=10000").statusCode(), list);
            assertEquals(400, get(list + "?after=not-a-cursor").statusCode(), list);
            String next = ok(list + "?limit=2").getString("next");
            assertEquals(400, get(list + "?offset=3&after=" + URLEncoder.encode(next, StandardCharsets.UTF_8)).statusCode(), list);
        }
    }

    @Test
    @DisplayName("filters keep their exact totals: a user's devices and sessions, a product's licenses, a search")
    void filteredTotals() {
        String user = t.db.query("SELECT md5('u7')::uuid::text AS id").get(0).get("id").toString();
        JsonObject devices = ok("/api/v1/admin/devices?user_id=" + user);
        assertEquals(1, devices.getLong("total"));
        assertEquals(true, devices.getBoolean("total_exact"));
        assertEquals(1, ok("/api/v1/admin/sessions?user_id=" + user).getLong("total"));
        JsonObject licenses = ok("/api/v1/admin/licenses?product_id=00000000-0000-0000-0000-0000000000a1&status=active&limit=5");
        assertEquals(40, licenses.getLong("total"));
        assertEquals(true, licenses.getBoolean("total_exact"));
        assertEquals(5, licenses.getJsonArray("items").size());
        JsonObject search = ok("/api/v1/admin/users?q=LISTED_1");
        assertEquals(11, search.getLong("total"), "listed_1 and listed_10..19");
        assertEquals(true, search.getBoolean("total_exact"));
    }
}
