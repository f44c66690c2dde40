package dev.latchkey.server.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.server.accounts.User;
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
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET /api/v1/admin/audit}: filters, cursor and offset paging, and the total (counted or estimated). */
@ExtendWith(VertxExtension.class)
class AuditSearchTest {

    private static TestServer t;
    private static String admin;
    private static User kim;

    @BeforeAll
    static void start(Vertx vertx) {
        t = TestServer.start(vertx, "auditsearch");
        t.createUser("search_admin", "search admin password", "admin");
        admin = t.adminToken("search_admin", "search admin password");
        // Failed sign-ins under a name before that account existed: the name is all they carry.
        t.db.update("INSERT INTO audit_events (occurred_at, actor_name, action, ip, outcome) SELECT now() - interval '2 days' "
                + "+ i * interval '1 minute', 'kim', 'auth.login', '198.51.100.9', 'failure' FROM generate_series(1, 3) AS i");
        kim = t.createUser("kim", "kim password 1", "user");
        // Twenty events in the same microsecond (a batch can share one): only the id tells them apart.
        t.db.update("INSERT INTO audit_events (occurred_at, actor_id, action, target_type, target_id, ip, outcome) SELECT "
                + "'2026-11-20T10:00:00.123456Z', ?::uuid, 'search.same_time', 'thing', 'tie-' || i, '192.0.2.1', 'success' "
                + "FROM generate_series(1, 20) AS i", kim.id().toString());
        t.db.update("INSERT INTO audit_events (occurred_at, actor_name, action, target_type, target_id, ip, outcome) SELECT "
                + "now() - i * interval '1 hour', 'system', (ARRAY['search.alpha', 'search.beta', 'searching.not'])[1 + i % 3], "
                + "'thing', 'spread-' || i, '192.0.2.' || (i % 5), 'success' FROM generate_series(1, 40) AS i");
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static JsonObject search(String query) {
        HttpResponse<Buffer> r = t.get("/api/v1/admin/audit?" + query, admin);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject();
    }

    private static List<Long> ids(JsonObject page) {
        List<Long> out = new ArrayList<>();
        page.getJsonArray("items").forEach(o -> out.add(((JsonObject) o).getLong("id")));
        return out;
    }

    private static List<Long> expected(String where, Object... args) {
        List<Long> out = new ArrayList<>();
        t.db.query("SELECT id FROM audit_events" + where + " ORDER BY occurred_at DESC, id DESC", args)
                .forEach(r -> out.add(((Number) r.get("id")).longValue()));
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("next cursors walk the whole trail once, newest first, ties in time included; prev cursors walk it back")
    void cursorsWalkEverything() {
        t.services().audit().close().await();
        List<Long> all = expected(" WHERE action LIKE 'search%'");
        assertEquals(60, all.size());
        List<Long> seen = new ArrayList<>();
        List<String> prevs = new ArrayList<>();
        JsonObject page = search("action=search&limit=7");
        assertNull(page.getString("prev"), "the first page has nothing newer");
        while (true) {
            seen.addAll(ids(page));
            prevs.add(page.getString("prev"));
            if (page.getString("next") == null) {
                break;
            }
            page = search("action=search&limit=7&after=" + enc(page.getString("next")));
        }
        List<Long> searchOnly = expected(" WHERE action IN ('search.alpha', 'search.beta', 'search.same_time')");
        assertEquals(searchOnly, seen, "every event once, in order (\"searching.not\" is not under the prefix \"search\")");
        assertEquals((searchOnly.size() + 6) / 7, prevs.size());
        assertTrue(prevs.stream().skip(1).allMatch(p -> p != null), "every later page has a way back");

        // From the last page back to the first through prev/before.
        List<Long> back = new ArrayList<>(ids(page));
        String prev = page.getString("prev");
        while (prev != null) {
            JsonObject newer = search("action=search&limit=7&before=" + enc(prev));
            List<Long> chunk = new ArrayList<>(ids(newer));
            Collections.reverse(chunk);
            Collections.reverse(back);
            back.addAll(chunk);
            Collections.reverse(back);
            prev = newer.getString("prev");
            assertTrue(newer.getJsonArray("items").size() <= 7);
        }
        assertEquals(searchOnly, back);
    }

    @Test
    @DisplayName("limit and offset still page the same order")
    void offsetStillWorks() {
        t.services().audit().close().await();
        List<Long> all = expected(" WHERE action LIKE 'search.%'");
        assertEquals(all.subList(10, 15), ids(search("action=search&limit=5&offset=10")));
        int n = all.size();
        JsonObject deep = search("action=search&limit=5&offset=" + (n - 2));
        assertEquals(all.subList(n - 2, n), ids(deep));
        assertNull(deep.getString("next"));
        assertFalse(deep.getString("prev") == null, "a page after an offset has newer events before it");
    }

    @Test
    @DisplayName("filters: action or its prefix, actor by username (with events naming it before the account existed), id or bare name, target, address, time")
    void filters() {
        t.services().audit().close().await();
        assertEquals(expected(" WHERE action = 'search.beta'"), ids(search("action=search.beta&limit=100")));
        assertEquals(expected(" WHERE actor_id = ?::uuid OR (actor_id IS NULL AND actor_name = 'kim')", kim.id().toString()),
                ids(search("actor=kim&limit=100")));
        assertEquals(ids(search("actor=kim&limit=100")), ids(search("actor=KIM&limit=100")), "usernames are case-insensitive");
        assertEquals(23L, search("actor=kim").getLong("total"), "20 as the account, 3 failed sign-ins under the name");
        assertEquals(expected(" WHERE actor_id = ?::uuid", kim.id().toString()), ids(search("actor=" + kim.id() + "&limit=100")));
        assertEquals(expected(" WHERE actor_id IS NULL AND actor_name = 'system'"), ids(search("actor=system&limit=100")));
        assertEquals(expected(" WHERE target_id = 'tie-7'"), ids(search("target=tie-7")));
        assertEquals(expected(" WHERE ip = '192.0.2.1'"), ids(search("ip=192.0.2.1&limit=100")));
        assertEquals(expected(" WHERE action = 'search.alpha' AND ip = '192.0.2.2'"), ids(search("action=search.alpha&ip=192.0.2.2")));
        assertEquals(expected(" WHERE occurred_at >= '2026-11-20T10:00:00.123456Z' AND occurred_at < '2026-11-20T10:00:00.123457Z'"),
                ids(search("since=2026-11-20T10:00:00.123456Z&until=2026-11-20T10:00:00.123457Z&limit=100")));
        JsonObject none = search("action=no.such.action");
        assertEquals(new JsonArray(), none.getJsonArray("items"));
        assertEquals(0L, none.getLong("total"));
        assertTrue(none.getBoolean("total_exact"));
    }

    @Test
    @DisplayName("the total is counted up to 10,000 and estimated (and said to be) beyond")
    void totalExactOrEstimated() {
        JsonObject small = search("action=search.alpha&limit=2");
        assertEquals(expected(" WHERE action = 'search.alpha'").size(), small.getLong("total").intValue());
        assertTrue(small.getBoolean("total_exact"));
        t.db.update("INSERT INTO audit_events (occurred_at, action, outcome) SELECT now() - i * interval '1 second', "
                + "'bulk.many', 'success' FROM generate_series(1, ?) AS i", AuditRepository.EXACT_TOTAL_UP_TO + 500);
        JsonObject big = search("action=bulk&limit=3");
        assertFalse(big.getBoolean("total_exact"));
        assertTrue(big.getLong("total") > AuditRepository.EXACT_TOTAL_UP_TO, big.encode());
        assertEquals(3, big.getJsonArray("items").size());
        assertFalse(big.getString("next") == null);
    }

    @Test
    @DisplayName("an estimated total for an actor known by name only is near the truth, not the product of two guesses")
    void estimateForBareName() {
        int n = AuditRepository.EXACT_TOTAL_UP_TO * 3;
        t.db.update("INSERT INTO audit_events (occurred_at, actor_name, action, outcome) SELECT now() - i * interval '1 second', "
                + "'nightly_job', 'job.run', 'success' FROM generate_series(1, ?) AS i", n);
        // Twice as many events by accounts: "actor_id IS NULL" alone is then a third of the trail.
        t.db.update("INSERT INTO audit_events (occurred_at, actor_id, actor_name, action, outcome) SELECT now() - i * interval '1 second', "
                + "md5(i::text)::uuid, 'user_' || i, 'job.other', 'success' FROM generate_series(1, ?) AS i", 2 * n);
        t.db.update("ANALYZE audit_events");  // what autovacuum would have done (it is off on the development machines)
        JsonObject page = search("actor=nightly_job&limit=1");
        assertFalse(page.getBoolean("total_exact"));
        long total = page.getLong("total");
        assertTrue(total > n / 2 && total < n * 2, "estimated " + total + " for " + n);
    }

    @Test
    @DisplayName("a cursor that is not one of ours, or after together with before, is 400 VALIDATION_FAILED")
    void badCursors() {
        for (String q : List.of("after=nonsense", "before=" + enc("djE6MTIzOmFiYw"), "after=" + enc(new AuditCursor(java.time.Instant.EPOCH, 1).encode())
                + "&before=" + enc(new AuditCursor(java.time.Instant.EPOCH, 2).encode()))) {
            HttpResponse<Buffer> r = t.get("/api/v1/admin/audit?" + q, admin);
            assertEquals(400, r.statusCode(), q);
            assertEquals("VALIDATION_FAILED", r.bodyAsJsonObject().getJsonObject("error").getString("code"));
        }
        AuditCursor c = new AuditCursor(java.time.Instant.parse("2026-11-20T10:00:00.123456Z"), 42);
        assertEquals(c, AuditCursor.parse(c.encode(), "after"), "microseconds survive the round trip");
    }
}
