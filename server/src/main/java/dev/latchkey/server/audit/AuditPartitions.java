package dev.latchkey.server.audit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the monthly partitions of {@code audit_events} (migration V6): creates this month's and the next
 * {@value #MONTHS_AHEAD} ahead of time, gives rows that fell into the default partition a partition of
 * their month, and drops every month whose end is older than the retention, whole ({@code DETACH} and
 * {@code DROP TABLE}: no row-by-row delete, no table bloat, no vacuum debt). An event is therefore kept
 * for the retention and at most one month more.
 *
 * <p>Runs at start and every {@link #PERIOD} on every node; a transaction-scoped advisory lock lets one
 * node work at a time while the others skip. Each dropped month is audited ({@code audit.retention}) in
 * the transaction that drops it, so the trail never loses a month without saying so. Only partitions named
 * as this class names them are touched.
 */
public final class AuditPartitions {

    static final int MONTHS_AHEAD = 2;
    static final Duration PERIOD = Duration.ofHours(1);
    private static final Logger LOG = Logger.getLogger(AuditPartitions.class.getName());

    /** A dropped month: its row count (the planner's estimate when it has one, else counted) and its size on disk. */
    public record Dropped(YearMonth month, long rows, long bytes) {
    }

    /** What one run did; {@code worked} is false when another node held the lock. */
    public record Run(boolean worked, List<YearMonth> created, List<Dropped> dropped) {
    }

    private record Partition(String bound, long rows, long bytes) {
    }

    private final Vertx vertx;
    private final Pool pool;
    private final AuditRepository repository;
    private final AuditService audit;
    private final Duration retention;
    private final Clock clock;
    private long timerId = -1;

    public AuditPartitions(Vertx vertx, Pool pool, AuditRepository repository, AuditService audit, Duration retention, Clock clock) {
        this.vertx = vertx;
        this.pool = pool;
        this.repository = repository;
        this.audit = audit;
        this.retention = retention;
        this.clock = clock;
    }

    public void start() {
        runLogged();
        timerId = vertx.setPeriodic(PERIOD.toMillis(), t -> runLogged());
    }

    public void stop() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    private void runLogged() {
        long started = System.nanoTime();
        runOnce().onSuccess(run -> {
            if (!run.created().isEmpty() || !run.dropped().isEmpty()) {
                LOG.info("Audit partitions: created " + run.created() + ", dropped " + run.dropped() + " in "
                        + (System.nanoTime() - started) / 1_000_000 + " ms");
            }
        }).onFailure(e -> LOG.log(Level.WARNING, "Audit partition maintenance failed; next try in " + PERIOD.toMinutes() + " min", e));
    }

    /** One round; public so tests and operators can run it at will. */
    public Future<Run> runOnce() {
        Instant now = clock.instant();
        List<AuditEvent> events = new ArrayList<>();
        return pool.<Run>withTransaction(conn -> conn.query(AuditPartitionSql.TRY_LOCK).execute().compose(rs -> {
            if (!rs.iterator().next().getBoolean("locked")) {
                return Future.succeededFuture(new Run(false, List.of(), List.of()));
            }
            return conn.query(AuditPartitionSql.LOCK_TIMEOUT).execute()
                    .compose(v -> conn.query(AuditPartitionSql.UTC).execute())
                    .compose(v -> partitions(conn))
                    .compose(parts -> dropExpired(conn, parts, now, events)
                            .compose(dropped -> create(conn, parts, YearMonth.from(now.atZone(ZoneOffset.UTC)))
                                    .map(created -> new Run(true, created, dropped))));
        })).onSuccess(run -> audit.committed(events));
    }

    private Future<Map<YearMonth, Partition>> partitions(SqlConnection conn) {
        return conn.query(AuditPartitionSql.PARTITIONS).execute().map(rs -> {
            Map<YearMonth, Partition> out = new TreeMap<>();
            for (Row r : rs) {
                YearMonth m = AuditPartitionSql.month(r.getString("name"));
                if (m != null) {
                    out.put(m, new Partition(r.getString("bound"), r.getLong("rows"), r.getLong("bytes")));
                }
            }
            return out;
        });
    }

    /**
     * Oldest first. The exclusive lock on the audit table is taken here, before anything else in this
     * transaction locks a partition: taken after {@link #create} (which locks the default partition), a
     * search holding the table and waiting for the default partition would deadlock with it.
     */
    private Future<List<Dropped>> dropExpired(SqlConnection conn, Map<YearMonth, Partition> parts, Instant now,
                                              List<AuditEvent> events) {
        Instant cutoff = now.minus(retention);
        List<Dropped> dropped = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        for (Map.Entry<YearMonth, Partition> e : parts.entrySet()) {
            YearMonth m = e.getKey();
            Partition p = e.getValue();
            Instant end = m.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            if (end.isAfter(cutoff)) {
                continue;
            }
            if (!p.bound().equals(AuditPartitionSql.expectedBound(m))) {
                LOG.warning("Audit retention skips " + AuditPartitionSql.name(m) + ": its bounds (" + p.bound()
                        + ") are not the month its name says");
                continue;
            }
            chain = chain.compose(v -> rows(conn, m, p)).compose(rows -> {
                dropped.add(new Dropped(m, rows, p.bytes()));
                events.add(AuditEvent.of("audit.retention", AuditEvent.Outcome.SUCCESS).actor(null, "system")
                        .target("audit_partition", AuditPartitionSql.name(m))
                        .detail("from", m.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC))
                        .detail("until", end).detail("rows_estimate", rows).detail("bytes", p.bytes())
                        .detail("retention", text(retention)).detail("cutoff", cutoff).build());
                return conn.query(AuditPartitionSql.detach(m)).execute();
            }).compose(v -> conn.query(AuditPartitionSql.drop(m)).execute()).mapEmpty();
        }
        return chain.compose(v -> events.isEmpty() ? Future.succeededFuture() : repository.insertAll(conn, events)).map(dropped);
    }

    /** As configured ({@code 400d}) when a whole number of days, else ISO-8601. */
    static String text(Duration d) {
        return d.toSeconds() % 86_400 == 0 && d.toNanosPart() == 0 ? d.toDays() + "d" : d.toString();
    }

    private static Future<Long> rows(SqlConnection conn, YearMonth m, Partition p) {
        if (p.rows() >= 0) {
            return Future.succeededFuture(p.rows());
        }
        // No statistics (never analyzed, or analyzed while empty): counted, before any exclusive lock is taken.
        return conn.query(AuditPartitionSql.count(m)).execute().map(rs -> rs.iterator().next().getLong("n"));
    }

    /**
     * This month and the next ones, and the months of rows in the default partition, each moved into its own.
     * A month found there that is already past the retention is dropped by the next run.
     */
    private Future<List<YearMonth>> create(SqlConnection conn, Map<YearMonth, Partition> parts, YearMonth current) {
        return conn.query(AuditPartitionSql.DEFAULT_MONTHS).execute().compose(rs -> {
            TreeSet<YearMonth> inDefault = new TreeSet<>();
            rs.forEach(r -> inDefault.add(YearMonth.parse(r.getString("month"))));
            TreeSet<YearMonth> wanted = new TreeSet<>(inDefault);
            for (int i = 0; i <= MONTHS_AHEAD; i++) {
                wanted.add(current.plusMonths(i));
            }
            wanted.removeAll(parts.keySet());
            Future<Void> chain = Future.succeededFuture();
            for (YearMonth m : wanted) {
                chain = chain.compose(v -> conn.query(AuditPartitionSql.create(m)).execute())
                        .compose(v -> inDefault.contains(m) ? conn.query(AuditPartitionSql.moveFromDefault(m)).execute()
                                : Future.succeededFuture())
                        .compose(v -> conn.query(AuditPartitionSql.attach(m)).execute()).mapEmpty();
            }
            return chain.map(v -> List.copyOf(wanted));
        });
    }
}
