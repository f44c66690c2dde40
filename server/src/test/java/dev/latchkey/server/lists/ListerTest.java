package dev.latchkey.server.lists;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.server.accounts.UserList;
import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.ErrorCode;
import dev.latchkey.server.support.Fleet;
import dev.latchkey.server.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Keyset lists on the users list, against PostgreSQL: paging both ways, cursors, totals, the two search paths.
 * 1,567 users: 60 "page_*" sharing creation times three by three (so the id decides order within a time),
 * 1,500 "many_*" (more than {@link Lister#EXACT_UP_TO} match "many"), five "rare_*", and two names telling a
 * literal underscore from any character.
 */
class ListerTest {

    private static final String SELECT = "u.id, u.username, current_setting('plan_cache_mode') AS plans, "
            + "current_setting('enable_seqscan') AS seqscan, current_setting('transaction_read_only') AS read_only";
    private static TestDatabase db;
    private static Vertx vertx;
    private static Pool pool;
    private static Lister lister;
    private static RowCounts counts;

    @BeforeAll
    static void load() {
        db = TestDatabase.create("lister");
        Fleet.migrate(db);
        db.update("INSERT INTO users (id, username, password_hash, created_at) SELECT gen_random_uuid(), 'page_' || lpad(i::text, 2, '0'), "
                + "'x', timestamptz '2026-01-01 00:00:00+00' + (i / 3) * interval '1 minute' FROM generate_series(1, 60) AS i");
        db.update("INSERT INTO users (id, username, email, password_hash, created_at) SELECT gen_random_uuid(), "
                + "'many_' || lpad(i::text, 4, '0'), 'm' || i || '@example.com', 'x', timestamptz '2025-01-01 00:00:00+00' "
                + "+ i * interval '1 minute' FROM generate_series(1, 1500) AS i");
        db.update("INSERT INTO users (id, username, password_hash) SELECT gen_random_uuid(), 'rare_' || i, 'x' FROM generate_series(1, 5) AS i");
        db.update("INSERT INTO users (id, username, password_hash) VALUES (gen_random_uuid(), 'a_b_c', 'x'), (gen_random_uuid(), 'axbxc', 'x')");
        db.update("ANALYZE users");
        vertx = Vertx.vertx();
        pool = Fleet.pool(vertx, db);
        lister = new Lister(pool);
        counts = new RowCounts(pool);
    }

    @AfterAll
    static void close() {
        pool.close().await();
        vertx.close().await();
        db.close();
    }

    private static ListPage page(String q, String sort, boolean descending, PageRequest req) {
        return lister.page(UserList.query(SELECT, q, "all", counts), UserList.ORDERS.get(sort), descending, req,
                r -> new JsonObject().put("id", r.getUUID("id").toString()).put("username", r.getString("username"))
                        .put("plans", r.getString("plans")).put("seqscan", r.getString("seqscan"))
                        .put("read_only", r.getString("read_only"))).await();
    }

    private static List<String> names(ListPage p) {
        List<String> out = new ArrayList<>();
        p.items().forEach(o -> out.add(((JsonObject) o).getString("username")));
        return out;
    }

    @Test
    @DisplayName("every page is read in a read-only transaction whose statements are planned for their values, never as a scan")
    void customPlans() {
        JsonObject row = page(null, "created", true, PageRequest.first(1)).items().getJsonObject(0);
        assertEquals("force_custom_plan", row.getString("plans"));
        assertEquals("off", row.getString("seqscan"));
        assertEquals("on", row.getString("read_only"));
        assertEquals(List.of("auto", "on"), List.of(db.query("SHOW plan_cache_mode").get(0).get("plan_cache_mode"),
                db.query("SHOW enable_seqscan").get(0).get("enable_seqscan")), "only for the list's own transaction");
    }

    @Test
    @DisplayName("paging forward visits every user once in the list's order (ties broken by id); paging back retraces it")
    void pagingBothWays() {
        List<String> expected = new ArrayList<>();
        db.query("SELECT username FROM users ORDER BY created_at DESC, id DESC").forEach(r -> expected.add((String) r.get("username")));
        List<ListPage> pages = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        ListPage p = page(null, "created", true, PageRequest.first(200));
        assertNull(p.prev(), "the first page has no previous page");
        while (true) {
            pages.add(p);
            seen.addAll(names(p));
            if (p.next() == null) {
                break;
            }
            p = page(null, "created", true, new PageRequest(200, p.next(), null, 0));
            assertNotNull(p.prev());
        }
        assertEquals(expected, seen);
        assertEquals(8, pages.size());
        assertEquals(expected.size(), pages.get(0).total());
        assertTrue(pages.get(0).exact(), "the unfiltered total is the kept count");

        // Back from the last page: each previous page is the one seen before it, and the first has no previous.
        ListPage back = pages.get(pages.size() - 1);
        for (int i = pages.size() - 2; i >= 0; i--) {
            back = page(null, "created", true, new PageRequest(200, null, back.prev(), 0));
            assertEquals(names(pages.get(i)), names(back), "page " + i);
        }
        assertNull(back.prev());
        assertNotNull(back.next());
    }

    @Test
    @DisplayName("ascending and descending orders by name and last sign-in page without gaps or repeats")
    void otherOrders() {
        for (String sort : List.of("username", "last_login", "role")) {
            for (boolean descending : new boolean[] {false, true}) {
                List<String> seen = new ArrayList<>();
                ListPage p = page("page_", sort, descending, PageRequest.first(7));
                seen.addAll(names(p));
                while (p.next() != null) {
                    p = page("page_", sort, descending, new PageRequest(7, p.next(), null, 0));
                    seen.addAll(names(p));
                }
                assertEquals(60, seen.size(), sort);
                assertEquals(60, new HashSet<>(seen).size(), sort + " repeats a user");
            }
        }
        List<String> byName = new ArrayList<>();
        ListPage p = page("page_", "username", false, PageRequest.first(60));
        byName.addAll(names(p));
        List<String> sorted = new ArrayList<>(byName);
        sorted.sort(String::compareTo);
        assertEquals(sorted, byName);
    }

    @Test
    @DisplayName("a search with few matches lists them with an exact total; with more than 1,000 the total is an estimate")
    void searchTotals() {
        ListPage rare = page("RARE", "created", true, PageRequest.first(25));
        assertEquals(5, rare.total());
        assertTrue(rare.exact());
        assertEquals(5, rare.items().size());
        assertNull(rare.next());

        ListPage many = page("many", "created", true, PageRequest.first(25));
        assertFalse(many.exact(), "1,500 matches are estimated");
        assertTrue(many.total() > Lister.EXACT_UP_TO, "the estimate is at least what was found: " + many.total());
        assertEquals(25, many.items().size());
        names(many).forEach(n -> assertTrue(n.startsWith("many_"), n));
        assertEquals("many_1500", names(many).get(0), "newest first");
        ListPage second = page("many", "created", true, new PageRequest(25, many.next(), null, 0));
        assertEquals("many_1475", names(second).get(0));

        // Emails match too; a term too short for trigrams is tested row by row.
        assertEquals(List.of("many_0042"), names(page("m42@", "created", true, PageRequest.first(25))));
        names(page("_5", "created", true, PageRequest.first(25))).forEach(n -> assertTrue(n.contains("_5"), n));
    }

    @Test
    @DisplayName("% and _ in a search are the characters themselves, not patterns")
    void searchIsLiteral() {
        assertEquals(List.of("a_b_c"), names(page("a_b", "created", true, PageRequest.first(25))));
        assertEquals(0, page("%", "created", true, PageRequest.first(25)).total());
    }

    @Test
    @DisplayName("a cursor that is not one, or belongs to another order, and mixed paging parameters are refused")
    void refusals() {
        String byName = page(null, "username", false, PageRequest.first(3)).next();
        for (String cursor : List.of("garbage", "W10", byName)) {
            ApiException e = assertThrows(ApiException.class, () -> page(null, "created", true, new PageRequest(3, cursor, null, 0)));
            assertEquals(ErrorCode.VALIDATION_FAILED, e.code());
        }
        assertThrows(ApiException.class, () -> new PageRequest(3, "a", "b", 0));
        assertThrows(ApiException.class, () -> new PageRequest(3, "a", null, 5));
        assertThrows(ApiException.class, () -> new PageRequest(3, null, null, PageRequest.MAX_OFFSET + 1));
        assertEquals(Map.of("users", 1567L), counts.read("users").await());
    }
}
