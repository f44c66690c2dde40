package dev.latchkey.server.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.latchkey.server.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every audit statement, on a trail of {@value #EVENTS} events over four monthly partitions after ANALYZE,
 * planned both ways the server may run it: with its values (custom plan) and as the generic plan a cached
 * statement may switch to after five runs. None may read a large partition sequentially, and a page's plan
 * must expect a page of rows (a plan that expects a tenth of the trail is the {@code LIMIT $n} trap).
 */
@ExtendWith(VertxExtension.class)
class AuditPlansTest {

    static final int EVENTS = 240_000;
    static final int USERS = 20_000;
    /** A partition with more rows than this must never be read whole. */
    static final long LARGE = 1_000;

    private static TestServer t;
    private static final Map<String, Long> rowsByTable = new HashMap<>();

    @BeforeAll
    static void load(Vertx vertx) {
        t = TestServer.start(vertx, "auditplans");
        t.db.update("INSERT INTO users (id, username, password_hash) SELECT md5('u' || n)::uuid, 'plan_user_' || n, '!' "
                + "FROM generate_series(1, ?) AS n", USERS);
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        // One event per past month lands in the default partition; the job gives each month its partition.
        for (int back = 1; back <= 3; back++) {
            t.db.update("INSERT INTO audit_events (occurred_at, action, outcome) VALUES (?::timestamptz, 'test.seed', 'success')",
                    now.minusMonths(back).atDay(2).atStartOfDay().toInstant(ZoneOffset.UTC).toString());
        }
        new AuditPartitions(t.vertx, t.services().pool(), t.services().auditRepository(), t.services().audit(), Duration.ofDays(400),
                java.time.Clock.systemUTC()).runOnce().await();
        // The shape of scripts/bench/audit_scale_load.sql: sign-ins and refreshes of many users, a few busy actors,
        // failed sign-ins from a few hundred addresses, jobs acting as "system".
        t.db.update("INSERT INTO audit_events (occurred_at, actor_id, actor_name, action, target_type, target_id, ip, outcome) "
                + "SELECT now() - interval '100 days' * (1 - i::float8 / ?), "
                + "CASE WHEN k IN (4, 9, 10, 16) THEN NULL ELSE md5('u' || u)::uuid END, "
                + "CASE WHEN k IN (9, 10, 16) THEN 'system' WHEN k = 4 THEN 'nobody_' || u % 5000 ELSE 'plan_user_' || u END, "
                + "(ARRAY['auth.refresh', 'auth.client_login', 'auth.client_login', 'auth.login', 'auth.login', 'license.activate', "
                + "'device.registered', 'license.redeem', 'license.expired', 'license.seat_freed', 'file.download', 'auth.token', "
                + "'license.issue', 'user.create', 'ip.block', 'ip.auto_block', 'session.revoke', 'user.update'])[k], "
                + "'user', md5('t' || u), CASE WHEN k IN (4, 16) THEN '203.0.113.' || u % 200 ELSE '10.1.' || u % 250 || '.' || u % 199 END, "
                + "CASE WHEN k IN (3, 4) THEN 'failure' ELSE 'success' END "
                + "FROM (SELECT i, 1 + floor(? * random() ^ 2)::int AS u, 1 + width_bucket(random(), ARRAY[0.35, 0.55, 0.60, 0.63, "
                + "0.66, 0.72, 0.75, 0.78, 0.80, 0.82, 0.90, 0.93, 0.96, 0.97, 0.975, 0.98, 0.99]::float8[]) AS k "
                + "FROM generate_series(1, ?) AS i) AS g", EVENTS, USERS, EVENTS);
        // What autovacuum does in production (it is off on the development machines).
        t.db.update("VACUUM ANALYZE audit_events");
        t.db.update("VACUUM ANALYZE users");
        t.db.query("SELECT c.relname AS name, c.reltuples::bigint AS n FROM pg_class c WHERE c.relkind IN ('r', 'p')")
                .forEach(r -> rowsByTable.put(r.get("name").toString(), ((Number) r.get("n")).longValue()));
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static UUID md5Uuid(String s) {
        return UUID.fromString(t.db.query("SELECT md5(?)::uuid::text AS u", s).get(0).get("u").toString());
    }

    /** Searches of every kind: each filter alone, the multi-valued ones, and combinations. */
    private static Map<String, AuditQuery.Criteria> searches() {
        OffsetDateTime since = OffsetDateTime.now(ZoneOffset.UTC).minusDays(40);
        OffsetDateTime until = since.plusDays(1);
        List<String> auth = List.of("auth.client_login", "auth.login", "auth.refresh", "auth.token");
        UUID busy = md5Uuid("u1");
        Map<String, AuditQuery.Criteria> m = new LinkedHashMap<>();
        m.put("everything", new AuditQuery.Criteria(null, null, null, null, null, null, null));
        m.put("a rare action", new AuditQuery.Criteria(List.of("user.create"), null, null, null, null, null, null));
        m.put("a frequent action", new AuditQuery.Criteria(List.of("auth.refresh"), null, null, null, null, null, null));
        m.put("an action prefix", new AuditQuery.Criteria(auth, null, null, null, null, null, null));
        m.put("an account", new AuditQuery.Criteria(null, busy, null, null, null, null, null));
        m.put("a username", new AuditQuery.Criteria(null, busy, "plan_user_1", null, null, null, null));
        m.put("the system actor", new AuditQuery.Criteria(null, null, "system", null, null, null, null));
        m.put("a target", new AuditQuery.Criteria(null, null, null, md5Uuid("t1").toString(), null, null, null));
        m.put("an address", new AuditQuery.Criteria(null, null, null, null, "203.0.113.7", null, null));
        m.put("a day", new AuditQuery.Criteria(null, null, null, null, null, since, until));
        m.put("since", new AuditQuery.Criteria(null, null, null, null, null, since, null));
        m.put("action and address", new AuditQuery.Criteria(List.of("auth.login"), null, null, null, "203.0.113.7", null, null));
        m.put("prefix and username", new AuditQuery.Criteria(auth, busy, "plan_user_1", null, null, null, null));
        m.put("action, actor and day", new AuditQuery.Criteria(List.of("ip.auto_block"), null, "system", null, null, since, until));
        m.put("target and address", new AuditQuery.Criteria(null, null, null, md5Uuid("t1").toString(), "10.1.1.1", null, null));
        m.put("all filters", new AuditQuery.Criteria(auth, busy, "plan_user_1", md5Uuid("t1").toString(), "10.1.1.1", since, until));
        return m;
    }

    @Test
    @DisplayName("no audit search reads a large partition whole, as a custom or a generic plan, and every page plan expects a page")
    void searchesUseIndexes() throws Exception {
        AuditCursor middle = new AuditCursor(OffsetDateTime.now(ZoneOffset.UTC).minusDays(50).toInstant(), Long.MAX_VALUE / 2);
        List<String> problems = new ArrayList<>();
        int checked = 0;
        try (Connection c = t.db.connect()) {
            PlanProbe probe = new PlanProbe(c);
            for (Map.Entry<String, AuditQuery.Criteria> s : searches().entrySet()) {
                AuditQuery.Criteria criteria = s.getValue();
                Map<String, AuditQuery.Statement> statements = new LinkedHashMap<>();
                statements.put("first page", AuditQuery.page(criteria, null, null, 25, 0));
                statements.put("older page", AuditQuery.page(criteria, middle, null, 25, 0));
                statements.put("newer page", AuditQuery.page(criteria, null, middle, 100, 0));
                statements.put("offset page", AuditQuery.page(criteria, null, null, 50, 200));
                statements.put("count", AuditQuery.count(criteria, AuditRepository.EXACT_TOTAL_UP_TO + 1));
                for (Map.Entry<String, AuditQuery.Statement> st : statements.entrySet()) {
                    for (boolean generic : new boolean[] {false, true}) {
                        String what = s.getKey() + ", " + st.getKey() + (generic ? ", generic" : ", custom");
                        JsonObject plan = probe.plan(st.getValue().sql(), st.getValue().args(), generic, false).getJsonObject("Plan");
                        problems.addAll(seqScans(what, plan));
                        long expected = st.getKey().equals("count") ? 1 : st.getKey().equals("newer page") ? 101 : 51;
                        if (plan.getDouble("Plan Rows") > expected) {
                            problems.add(what + ": plans for " + plan.getDouble("Plan Rows") + " rows");
                        }
                        checked++;
                    }
                }
            }
            // The fixed statements: the actions of a prefix, an actor's account, the overview's two reads.
            Map<String, String> fixed = new LinkedHashMap<>();
            fixed.put("actions", AuditSql.ACTIONS);
            fixed.put("login stats", (String) dashboardSql("LOGIN_STATS"));
            fixed.put("recent events", (String) dashboardSql("RECENT_EVENTS"));
            for (Map.Entry<String, String> f : fixed.entrySet()) {
                for (boolean generic : new boolean[] {false, true}) {
                    JsonObject plan = probe.plan(f.getValue(), Tuple.tuple(), generic, false).getJsonObject("Plan");
                    problems.addAll(seqScans(f.getKey(), plan));
                    if (f.getKey().equals("recent events") && plan.getDouble("Plan Rows") > 25) {
                        problems.add("recent events: plans for " + plan.getDouble("Plan Rows") + " rows");
                    }
                    checked++;
                }
            }
            for (boolean generic : new boolean[] {false, true}) {
                problems.addAll(seqScans("user by name", probe.plan(AuditSql.USER_ID_BY_NAME, Tuple.of("plan_user_7"), generic, false)
                        .getJsonObject("Plan")));
                checked++;
            }
        }
        assertEquals(searches().size() * 5 * 2 + 3 * 2 + 2, checked);
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
        assertTrue(rowsByTable.getOrDefault("users", 0L) >= USERS, "users analyzed");
        assertEquals(EVENTS + 3L, ((Number) t.db.query("SELECT count(*) AS n FROM audit_events").get(0).get("n")).longValue());
    }

    @Test
    @DisplayName("the checks catch what they are for: a filter without an index, and a page size sent as a parameter")
    void checksCanFail() throws Exception {
        try (Connection c = t.db.connect()) {
            PlanProbe probe = new PlanProbe(c);
            JsonObject unindexed = probe.plan("SELECT count(*) FROM audit_events ev WHERE ev.user_agent = $1::text",
                    Tuple.of("curl"), false, false).getJsonObject("Plan");
            assertTrue(!seqScans("control", unindexed).isEmpty(), "a filter no index serves reads partitions whole");
            JsonObject pageAsParameter = probe.plan("SELECT " + AuditQuery.COLUMNS + " FROM audit_events ev "
                    + "ORDER BY ev.occurred_at DESC, ev.id DESC LIMIT $1::int", Tuple.of(26), true, false).getJsonObject("Plan");
            assertTrue(pageAsParameter.getDouble("Plan Rows") > EVENTS / 20, "a generic plan of LIMIT $1 expects a tenth of the "
                    + "table: " + pageAsParameter.getDouble("Plan Rows"));
        }
    }

    @Test
    @DisplayName("searches through the repository find what the plans were checked for, the same as a plain filter over the table")
    void repositoryAgreesWithPlainSql() {
        AuditRepository repo = t.services().auditRepository();
        AuditPage page = repo.search(new AuditRepository.Filter("auth.login", null, null, "203.0.113.7", null, null),
                AuditRepository.Slice.first(1000)).await();
        long expected = ((Number) t.db.query("SELECT count(*) AS n FROM audit_events WHERE action = 'auth.login' AND ip = '203.0.113.7'")
                .get(0).get("n")).longValue();
        assertEquals(expected, page.items().size());
        assertEquals(expected, page.total());
        assertTrue(page.totalExact());
        AuditPage all = repo.search(new AuditRepository.Filter(null, null, null, null, null, null), AuditRepository.Slice.first(10)).await();
        assertTrue(!all.totalExact() && all.total() > AuditRepository.EXACT_TOTAL_UP_TO,
                "over " + AuditRepository.EXACT_TOTAL_UP_TO + " the total is the planner's estimate: " + all.total());
        assertTrue(Math.abs(all.total() - (EVENTS + 3)) < EVENTS / 10, "estimated within 10%: " + all.total());
    }

    private static Object dashboardSql(String name) throws ReflectiveOperationException {
        // The overview's audit reads live with the dashboard's other SQL (package-private there).
        var field = Class.forName("dev.latchkey.server.dashboard.DashboardSql").getDeclaredField(name);
        field.setAccessible(true);
        return field.get(null);
    }

    /** Sequential scans of a table or partition with more than {@link #LARGE} rows. */
    private static List<String> seqScans(String what, JsonObject plan) {
        List<String> out = new ArrayList<>();
        for (JsonObject node : PlanProbe.nodes(plan)) {
            String relation = node.getString("Relation Name");
            if ("Seq Scan".equals(node.getString("Node Type")) && rowsByTable.getOrDefault(relation, Long.MAX_VALUE) > LARGE) {
                out.add(what + ": sequential scan of " + relation + " (" + rowsByTable.get(relation) + " rows)");
            }
        }
        return out;
    }
}
