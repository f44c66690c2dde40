package dev.latchkey.server.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.server.infra.PgUri;
import dev.latchkey.server.support.TestDatabase;
import dev.latchkey.server.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The audit trail as monthly partitions (migration V6, {@link AuditPartitions}): upgrade, creation ahead, retention. */
@ExtendWith(VertxExtension.class)
class AuditPartitionsTest {

    /** The tests' "now": fixed, so which months expire does not depend on the day they run. */
    private static final Instant NOW = Instant.parse("2026-12-15T12:00:00Z");
    private static final YearMonth THIS_MONTH = YearMonth.of(2026, 12);

    private static TestServer t;

    @BeforeAll
    static void start(Vertx vertx) {
        t = TestServer.start(vertx, "auditparts");
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private AuditPartitions job(Duration retention) {
        return new AuditPartitions(t.vertx, t.services().pool(), t.services().auditRepository(), t.services().audit(), retention,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static Set<String> partitions() {
        Set<String> out = new HashSet<>();
        t.db.query("SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                + "WHERE i.inhparent = 'audit_events'::regclass").forEach(r -> out.add(r.get("name").toString()));
        return out;
    }

    /** {@code n} events of {@code action} in the middle of {@code month}, inserted as the server would (through the parent). */
    private static void events(YearMonth month, String action, int n) {
        t.db.update("INSERT INTO audit_events (occurred_at, action, outcome, actor_name, details) SELECT "
                + "?::timestamptz + i * interval '1 second', ?, 'success', 'test', jsonb_build_object('i', i) FROM generate_series(1, ?) AS i",
                month.atDay(14).atStartOfDay().toInstant(ZoneOffset.UTC).toString(), action, n);
    }

    private static long count(String sql, Object... args) {
        return ((Number) t.db.query(sql, args).get(0).get("n")).longValue();
    }

    @Test
    @DisplayName("an upgrade from V4 keeps every event as it was, each in the partition of its month, and ids keep counting up")
    void upgradeKeepsEveryEvent() throws Exception {
        try (TestDatabase db = TestDatabase.create("audit_upgrade")) {
            PgUri uri = PgUri.parse(db.uri());
            Flyway.configure().dataSource(uri.jdbcUrl(), uri.options().getUser(), uri.options().getPassword())
                    .locations("classpath:db/migration").target("4").load().migrate();
            // Three years of events, some old enough to be past any retention, with nulls and details.
            db.update("INSERT INTO audit_events (occurred_at, actor_id, actor_name, action, target_type, target_id, ip, user_agent, "
                    + "outcome, details) SELECT now() - i * interval '9 hours', CASE WHEN i % 3 = 0 THEN md5(i::text)::uuid END, "
                    + "CASE WHEN i % 2 = 0 THEN 'user_' || i END, (ARRAY['auth.login', 'user.create', 'license.issue'])[1 + i % 3], "
                    + "CASE WHEN i % 5 > 0 THEN 'user' END, CASE WHEN i % 5 > 0 THEN md5('t' || i) END, '10.0.0.' || i % 250, "
                    + "'agent ' || i, (ARRAY['success', 'failure', 'denied'])[1 + i % 3], jsonb_build_object('i', i, 'note', 'x' || i) "
                    + "FROM generate_series(0, 3000) AS i");
            String before = fingerprint(db);
            long maxId = ((Number) db.query("SELECT max(id) AS n FROM audit_events").get(0).get("n")).longValue();

            Flyway.configure().dataSource(uri.jdbcUrl(), uri.options().getUser(), uri.options().getPassword())
                    .locations("classpath:db/migration").load().migrate();

            assertEquals(before, fingerprint(db), "every event, every column, every id");
            assertEquals(3001L, db.query("SELECT count(*) AS n FROM audit_events").get(0).get("n"));
            assertEquals(3001L, db.query("SELECT count(*) AS n FROM audit_events WHERE tableoid::regclass::text = "
                    + "'audit_events_p' || to_char(occurred_at AT TIME ZONE 'UTC', 'YYYYMM')").get(0).get("n"), "each in its month");
            assertEquals(0L, db.query("SELECT count(*) AS n FROM audit_events_default").get(0).get("n"));
            assertEquals("r", db.query("SELECT partstrat::text AS s FROM pg_partitioned_table "
                    + "WHERE partrelid = 'audit_events'::regclass").get(0).get("s"), "partitioned by range");
            YearMonth now = YearMonth.now(ZoneOffset.UTC);
            for (int i = 0; i <= AuditPartitions.MONTHS_AHEAD; i++) {
                assertFalse(db.query("SELECT to_regclass(?) AS r", AuditPartitionSql.name(now.plusMonths(i))).get(0).get("r") == null,
                        "ahead: " + now.plusMonths(i));
            }
            db.update("INSERT INTO audit_events (occurred_at, action, outcome) VALUES (now(), 'test.after_upgrade', 'success')");
            long newId = ((Number) db.query("SELECT id AS n FROM audit_events WHERE action = 'test.after_upgrade'").get(0).get("n")).longValue();
            assertTrue(newId > maxId, "the sequence continues: " + newId + " > " + maxId);
            assertEquals(Set.of("audit_events_pkey", "audit_events_action", "audit_events_actor", "audit_events_target",
                    "audit_events_ip", "audit_events_actor_name"), new HashSet<>(db.query("SELECT indexname AS n FROM pg_indexes "
                    + "WHERE tablename = 'audit_events'").stream().map(r -> r.get("n").toString()).toList()));
        }
    }

    private static String fingerprint(TestDatabase db) {
        return db.query("SELECT md5(string_agg(row_to_json(a)::text, '|' ORDER BY id)) AS h FROM audit_events a").get(0).get("h").toString();
    }

    @Test
    @DisplayName("months past the retention are dropped whole, each audited with its range and rows; the rest stays, the default partition empties")
    void retentionDropsWholeMonths() {
        Duration retention = Duration.ofDays(365);
        Instant cutoff = NOW.minus(retention);
        List<YearMonth> months = List.of(THIS_MONTH.minusMonths(16), THIS_MONTH.minusMonths(13), THIS_MONTH.minusMonths(12),
                THIS_MONTH.minusMonths(2));
        for (int i = 0; i < months.size(); i++) {
            events(months.get(i), "test.retention", 10 + i);
        }
        // No partition existed for these months: the rows are in the default partition, none lost.
        assertEquals(46, count("SELECT count(*) AS n FROM audit_events_default WHERE action = 'test.retention'"));

        List<AuditEvent> told = new CopyOnWriteArrayList<>();
        t.services().audit().onRecord(e -> {
            if (e.action().equals("audit.retention")) {
                told.add(e);
            }
        });
        AuditPartitions job = job(retention);
        AuditPartitions.Run first = job.runOnce().await();
        assertTrue(first.worked());
        assertTrue(first.created().containsAll(months), "a partition for each month found in the default one: " + first.created());
        assertEquals(0, count("SELECT count(*) AS n FROM audit_events_default"));
        assertEquals(46, count("SELECT count(*) AS n FROM audit_events WHERE action = 'test.retention'"));

        AuditPartitions.Run second = job.runOnce().await();
        List<YearMonth> expired = new ArrayList<>();
        for (YearMonth m : months) {
            if (!m.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).isAfter(cutoff)) {
                expired.add(m);
            }
        }
        assertEquals(List.of(THIS_MONTH.minusMonths(16), THIS_MONTH.minusMonths(13)), expired, "the months this test means to expire");
        assertEquals(expired, second.dropped().stream().map(AuditPartitions.Dropped::month).toList());
        for (YearMonth m : expired) {
            assertNull(t.db.query("SELECT to_regclass(?) AS r", AuditPartitionSql.name(m)).get(0).get("r"), "dropped: " + m);
        }
        assertEquals(12 + 13, count("SELECT count(*) AS n FROM audit_events WHERE action = 'test.retention'"), "the kept months' rows");

        var audited = t.db.query("SELECT target_type, target_id, actor_name, details::text AS details FROM audit_events "
                + "WHERE action = 'audit.retention' AND target_id IN (?, ?) ORDER BY target_id", AuditPartitionSql.name(expired.get(0)),
                AuditPartitionSql.name(expired.get(1)));
        assertEquals(2, audited.size());
        JsonObject oldest = new JsonObject(audited.get(0).get("details").toString());
        assertEquals("audit_partition", audited.get(0).get("target_type"));
        assertEquals(AuditPartitionSql.name(expired.get(0)), audited.get(0).get("target_id"));
        assertEquals("system", audited.get(0).get("actor_name"));
        assertEquals(expired.get(0).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toString(), oldest.getString("from"));
        assertEquals(expired.get(0).plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toString(), oldest.getString("until"));
        assertEquals(10L, oldest.getLong("rows_estimate"));
        assertTrue(oldest.getLong("bytes") > 0);
        assertEquals(cutoff.toString(), oldest.getString("cutoff"));
        assertEquals("365d", oldest.getString("retention"));
        assertEquals(11L, new JsonObject(audited.get(1).get("details").toString()).getLong("rows_estimate"));
        assertEquals(2, told.size(), "metrics and the live feed hear of them");

        assertTrue(job.runOnce().await().dropped().isEmpty(), "nothing left to drop");
        for (int i = 0; i <= AuditPartitions.MONTHS_AHEAD; i++) {
            assertTrue(partitions().contains(AuditPartitionSql.name(THIS_MONTH.plusMonths(i))), "ahead: " + THIS_MONTH.plusMonths(i));
        }
    }

    @Test
    @DisplayName("an event at a time no partition covers still lands (default partition) and gets its month's partition at the next run")
    void noPartitionNeverFailsAnInsert() {
        AuditEvent far = new AuditEvent(Instant.parse("2031-06-15T00:00:00Z"), null, "test", "test.far_future", null, null, null, null,
                AuditEvent.Outcome.SUCCESS, new JsonObject());
        t.services().audit().record(far).await();
        assertEquals(1, count("SELECT count(*) AS n FROM audit_events_default WHERE action = 'test.far_future'"));
        AuditPartitions.Run run = job(Duration.ofDays(400)).runOnce().await();
        assertTrue(run.created().contains(YearMonth.of(2031, 6)), run.created().toString());
        assertEquals(1, count("SELECT count(*) AS n FROM audit_events_p203106 WHERE action = 'test.far_future'"));
    }

    @Test
    @DisplayName("nodes running the job at the same moment create each partition once and both succeed")
    void concurrentRunsAreSafe() {
        events(THIS_MONTH.minusMonths(5), "test.concurrent", 3);
        events(THIS_MONTH.minusMonths(6), "test.concurrent", 3);
        List<AuditPartitions.Run> runs = new ArrayList<>();
        Future<AuditPartitions.Run> a = job(Duration.ofDays(400)).runOnce();
        Future<AuditPartitions.Run> b = job(Duration.ofDays(400)).runOnce();
        Future.all(a, b).await();
        runs.add(a.result());
        runs.add(b.result());
        List<YearMonth> created = new ArrayList<>();
        runs.forEach(r -> created.addAll(r.created()));
        assertEquals(new HashSet<>(created).size(), created.size(), "no month twice: " + created);
        assertTrue(created.containsAll(List.of(THIS_MONTH.minusMonths(5), THIS_MONTH.minusMonths(6))));
        assertEquals(6, count("SELECT count(*) AS n FROM audit_events WHERE action = 'test.concurrent'"));
    }

    @Test
    @DisplayName("while a long read holds the audit table, a drop gives up after a second instead of stopping inserts; the next run does it")
    void busyTableDefersTheDrop() throws Exception {
        YearMonth old = THIS_MONTH.minusMonths(20);
        events(old, "test.busy", 4);
        AuditPartitions job = job(Duration.ofDays(365));
        job.runOnce().await();
        assertFalse(t.db.query("SELECT to_regclass(?) AS r", AuditPartitionSql.name(old)).get(0).get("r") == null);
        try (Connection c = t.db.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("SELECT count(*) FROM audit_events");  // holds ACCESS SHARE on every partition until rollback
            long t0 = System.nanoTime();
            Exception e = assertThrows(Exception.class, () -> job.runOnce().await());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(String.valueOf(e.getMessage()).contains("lock timeout"), e.toString());
            assertTrue(ms < 5_000, "gave up after " + ms + " ms");
            c.rollback();
        }
        assertEquals(List.of(old), job.runOnce().await().dropped().stream().map(AuditPartitions.Dropped::month).toList());
        assertEquals(0, count("SELECT count(*) AS n FROM audit_events WHERE action = 'test.busy'"));
    }

    @Test
    @DisplayName("LATCHKEY_AUDIT_RETENTION defaults to 400 days and refuses less than a day")
    void retentionSetting() {
        var defaults = dev.latchkey.server.config.ConfigLoader.defaults();
        assertEquals(Duration.ofDays(400), dev.latchkey.server.config.ConfigLoader.parse(defaults).audit().retention());
        assertEquals(Duration.ofDays(30), dev.latchkey.server.config.ConfigLoader.parse(defaults.copy()
                .put("LATCHKEY_AUDIT_RETENTION", "30d")).audit().retention());
        assertThrows(dev.latchkey.server.config.ConfigException.class, () -> dev.latchkey.server.config.ConfigLoader.parse(
                defaults.copy().put("LATCHKEY_AUDIT_RETENTION", "12h")));
        assertThrows(dev.latchkey.server.config.ConfigException.class, () -> dev.latchkey.server.config.ConfigLoader.parse(
                defaults.copy().put("LATCHKEY_AUDIT_RETENTION", "forever")));
    }
}
