package dev.latchkey.server.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.server.accounts.AccountStatements;
import dev.latchkey.server.auth.SessionStatements;
import dev.latchkey.server.dashboard.DashboardLists;
import dev.latchkey.server.dashboard.DashboardStatements;
import dev.latchkey.server.devices.DeviceStatements;
import dev.latchkey.server.files.FileStatements;
import dev.latchkey.server.licensing.LicensingStatements;
import dev.latchkey.server.lists.ListPage;
import dev.latchkey.server.lists.PageRequest;
import dev.latchkey.server.protection.ProtectionStatements;
import dev.latchkey.server.support.Fleet;
import dev.latchkey.server.support.PlannedStatement;
import dev.latchkey.server.support.TestDatabase;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every statement of the sign-in, refresh, heartbeat, download and admin-list paths, explained on 200,000 rows
 * per table after ANALYZE, as a custom and as a generic plan: none may read a large table end to end. The
 * statements are the production constants (each feature lists its own in a {@code *Statements} class of its
 * package) and the statements the keyset lists build, so a changed statement is checked as it is. The lists'
 * statements are explained as custom plans only: {@code Lister} plans them for their values on every run
 * ({@code plan_cache_mode = force_custom_plan}, checked by {@code ListerTest}), so their generic plans never run.
 * The audit trail's searches are built per filter set over monthly partitions: {@code audit/AuditPlansTest} checks
 * each of them the same way, on partitions of its own.
 *
 * <p>Set {@code -Dlatchkey.plans.db=NAME} to explain against an already loaded database (for example the
 * benchmark's) instead of building one.
 */
class QueryPlanTest {

    static final int ROWS = 200_000;
    /** A table this large must never be read end to end on these paths. */
    static final long LARGE = 10_000;

    /**
     * Sequential scans that are known and accepted for now, with the reason. An entry whose statement no longer
     * scans fails the test, so the list only shrinks.
     */
    static final Map<String, String> KNOWN = known();

    private static Map<String, String> known() {
        Map<String, String> m = new TreeMap<>();
        // Deliberate: these count columns that the heartbeat batch (devices.last_seen_at) and every token refresh
        // (sessions.expires_at, last_seen_at) rewrite; indexing them would make those writes update every index of
        // the table. Recounts runs them once a minute for the whole cluster (docs/decisions.md).
        String recount = "once a minute for the cluster; the columns stay unindexed for the heartbeat and refresh writes";
        m.put("DashboardSql.RECOUNT_ONLINE", recount);
        m.put("DashboardSql.RECOUNT_ACTIVE_USERS", recount);
        m.put("DashboardSql.SESSION_STATS", recount);
        return m;
    }

    private static TestDatabase db;

    @BeforeAll
    static void load() {
        String existing = System.getProperty("latchkey.plans.db", "");
        if (!existing.isBlank()) {
            db = TestDatabase.existing(existing);
            return;
        }
        db = TestDatabase.create("plans");
        Fleet.load(db, ROWS, ROWS);
    }

    @AfterAll
    static void drop() {
        if (db != null) {
            db.close();
        }
    }

    static List<PlannedStatement> statements() {
        Fleet.Sample s = Fleet.Sample.typical();
        List<PlannedStatement> all = new ArrayList<>();
        all.addAll(AccountStatements.all(s));
        all.addAll(AccountStatements.lists(s));
        all.addAll(SessionStatements.all(s));
        all.addAll(SessionStatements.lists(s));
        all.addAll(DeviceStatements.all(s));
        all.addAll(DeviceStatements.lists(s));
        all.addAll(LicensingStatements.all(s));
        all.addAll(LicensingStatements.lists(s));
        all.addAll(FileStatements.all(s));
        all.addAll(ProtectionStatements.all(s));
        all.addAll(DashboardStatements.all(s));
        return all;
    }

    @Test
    @DisplayName("at 200,000 rows the lists page by cursor, count exactly from kept counts or few matches, and estimate the rest")
    void listsAtScale() {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        io.vertx.sqlclient.Pool pool = Fleet.pool(vertx, db);
        try {
            DashboardLists lists = new DashboardLists(pool);
            long users = (Long) db.query("SELECT count(*) AS n FROM users").get(0).get("n");
            ListPage all = timed("users, first page", lists.users(null, "all", "created", false, PageRequest.first(25)));
            assertEquals(users, all.total());
            assertTrue(all.exact());
            ListPage later = timed("users, a later page", lists.users(null, "all", "created", false, new PageRequest(25, all.next(), null, 0)));
            assertEquals(25, later.items().size());
            assertTrue(later.items().getJsonObject(0).getString("created_at")
                    .compareTo(all.items().getJsonObject(24).getString("created_at")) <= 0, "newest first, continuing");

            ListPage few = timed("users, a rare term", lists.users("user00012", "all", "created", false, PageRequest.first(25)));
            assertEquals(100, few.total(), "user0001200 to user0001299");
            assertTrue(few.exact());
            ListPage many = timed("users, a common term", lists.users("user", "all", "created", false, PageRequest.first(25)));
            assertFalse(many.exact());
            assertTrue(many.total() > 100_000, "estimated near every user: " + many.total());
            assertEquals(25, many.items().size());

            long devices = (Long) db.query("SELECT count(*) AS n FROM devices d JOIN users u ON u.id = d.user_id "
                    + "WHERE d.deactivated_at IS NULL AND u.username LIKE 'user00012%'").get(0).get("n");
            ListPage owned = timed("devices, a rare owner", lists.devices("user00012", "active", PageRequest.first(25)));
            assertEquals(devices, owned.total());
            assertTrue(owned.exact());
            ListPage inactive = timed("devices, deactivated", lists.devices(null, "inactive", PageRequest.first(25)));
            assertEquals(db.query("SELECT count(*) AS n FROM devices WHERE deactivated_at IS NOT NULL").get(0).get("n"), inactive.total());
            ListPage live = timed("sessions, live", lists.sessions(null, null, PageRequest.first(25)));
            assertFalse(live.exact(), "live sessions have no kept count: estimated");
            assertEquals(25, live.items().size());
            ListPage web = timed("sessions, web, a rare owner", lists.sessions("web", "user00012", PageRequest.first(25)));
            assertTrue(web.exact());
            web.items().forEach(o -> assertEquals("web", ((io.vertx.core.json.JsonObject) o).getString("kind")));
        } finally {
            pool.close().await();
            vertx.close().await();
        }
    }

    private static ListPage timed(String what, io.vertx.core.Future<ListPage> page) {
        long t0 = System.nanoTime();
        ListPage p = page.await();
        System.out.printf("  %-32s %6.1f ms, total %,d%s%n", what, (System.nanoTime() - t0) / 1e6, p.total(), p.exact() ? "" : " (estimated)");
        return p;
    }

    @Test
    @DisplayName("no statement on the sign-in, refresh, heartbeat, download or admin-list paths reads a large table end to end")
    void everyStatementUsesAnIndex() throws Exception {
        List<PlannedStatement> all = statements();
        Set<String> names = new HashSet<>();
        all.forEach(s -> assertTrue(names.add(s.name()), "two statements named " + s.name()));
        Map<String, String> failures = new TreeMap<>();
        Map<String, String> known = new TreeMap<>();
        try (Connection c = db.connect()) {
            Map<String, Long> rows = QueryPlans.tableRows(c);
            assertTrue(rows.getOrDefault("devices", 0L) >= ROWS * 0.9, "the fleet is loaded and analysed: " + rows);
            for (PlannedStatement s : all) {
                StringBuilder problems = new StringBuilder();
                for (boolean generic : s.customOnly() ? new boolean[] {false} : new boolean[] {false, true}) {
                    String plan = QueryPlans.explain(c, s, generic);
                    Set<String> scanned = QueryPlans.seqScans(plan, rows, LARGE);
                    if (!scanned.isEmpty()) {
                        problems.append(generic ? "generic" : "custom").append(" plan scans ").append(scanned).append(":\n")
                                .append(plan);
                    }
                }
                if (KNOWN.containsKey(s.name())) {
                    known.put(s.name(), problems.toString());
                } else if (!problems.isEmpty()) {
                    failures.put(s.toString(), "\n" + s.sql() + "\n" + problems);
                }
            }
        }
        known.forEach((name, problems) -> {
            if (problems.isEmpty()) {
                failures.put(name, "is listed in KNOWN but no longer scans: remove it from the list");
            } else {
                System.out.println("Known sequential scan, " + name + ": " + KNOWN.get(name));
            }
        });
        StringBuilder report = new StringBuilder();
        failures.forEach((name, why) -> report.append("\n== ").append(name).append(": ").append(why));
        assertEquals(0, failures.size(), failures.size() + " of " + all.size() + " statements read a large table end to end:" + report);
    }
}
