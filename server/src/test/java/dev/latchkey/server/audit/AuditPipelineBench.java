package dev.latchkey.server.audit;

import dev.latchkey.server.Services;
import dev.latchkey.server.http.ClientInfo;
import dev.latchkey.server.infra.PgUri;
import dev.latchkey.server.infra.Postgres;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Audit pipeline throughput: pushes events through {@link AuditService} (production queue and
 * batch sizes) into a fresh database, then counts the rows exactly. Run by
 * {@code scripts/bench/audit-pipeline.sh}; a program, not a test: nothing here asserts a speed,
 * and it exits 1 only if a row is missing or duplicated.
 *
 * <p>Modes: {@code batched} (one producer, {@link AuditService#recordBatched}, as fast as
 * backpressure allows), {@code durable} ({@code callers} concurrent callers, each waiting for
 * {@link AuditService#record} to commit before its next event, like requests), {@code sustained}
 * ({@code rate} durable events per second for {@code seconds}, each from its own caller).
 */
public final class AuditPipelineBench {

    private static final String PG = System.getenv().getOrDefault("LATCHKEY_PG_BASE", "postgresql://postgres@127.0.0.1:5432");
    private static final ClientInfo CLIENT = new ClientInfo("203.0.113.7",
            "LatchkeyClient/1.4.2 (Windows NT 10.0; Win64; x64) bench");

    /** Flyway's migration chatter would bury the figures. */
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("org.flywaydb");

    private final Vertx vertx;
    private final AuditService audit;
    private final String action;

    private AuditPipelineBench(Vertx vertx, AuditService audit, String action) {
        this.vertx = vertx;
        this.audit = audit;
        this.action = action;
    }

    public static void main(String[] args) throws Exception {
        QUIET.setLevel(java.util.logging.Level.WARNING);
        String mode = arg(args, 0, "batched");
        int events = Integer.parseInt(arg(args, 1, "600000"));
        int callers = Integer.parseInt(arg(args, 2, "1000"));
        int rate = Integer.parseInt(arg(args, 3, "20000"));
        int seconds = Integer.parseInt(arg(args, 4, "30"));
        if (events <= 0 || callers <= 0 || rate <= 0 || seconds <= 0) {
            throw new IllegalArgumentException("events, callers, rate and seconds must be positive");
        }
        String db = "latchkey_audit_bench_" + UUID.randomUUID().toString().substring(0, 8);
        admin("CREATE DATABASE " + db);
        Vertx vertx = Vertx.vertx();
        int status = 1;
        try {
            PgUri uri = PgUri.parse(PG + "/" + db);
            Postgres.migrate(vertx, uri).await();
            Pool pool = Postgres.pool(vertx, uri, new Postgres.PoolLimits(16, 1024, java.time.Duration.ofSeconds(5),
                    java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(60), true));
            int queue = Integer.getInteger("audit.queue", Services.AUDIT_QUEUE);
            int batch = Integer.getInteger("audit.batch", Services.AUDIT_BATCH);
            int writers = Integer.getInteger("audit.writers", Services.AUDIT_WRITERS);
            AuditService audit = new AuditService(vertx, new AuditRepository(pool), queue, batch, writers);
            AuditPipelineBench bench = new AuditPipelineBench(vertx, audit, "bench." + mode);
            String load = new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg"))).trim();
            System.out.printf(Locale.ROOT, "mode=%s queue=%d batch=%d writers=%d loadavg=[%s]%n", mode, queue, batch, writers, load);
            long expected = switch (mode) {
                case "batched" -> bench.batched(events);
                case "durable" -> bench.durable(events, callers);
                case "sustained" -> bench.sustained(rate, seconds);
                default -> throw new IllegalArgumentException("mode must be batched, durable or sustained");
            };
            audit.close().await();
            pool.close().await();
            status = check(db, "bench." + mode, expected) ? 0 : 1;
        } finally {
            vertx.close().await();
            if (!"1".equals(System.getenv("KEEP_DB"))) {
                admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        }
        System.exit(status);
    }

    private AuditEvent event(long i) {
        return AuditEvent.of(action, AuditEvent.Outcome.SUCCESS).actor(UUID.randomUUID(), "bench_user")
                .target("license", i).client(CLIENT).detail("product_id", UUID.randomUUID()).detail("seq", i).build();
    }

    /** One producer as fast as the queue admits events; the clock stops when the last one is committed. */
    private long batched(int n) {
        Promise<Long> produced = Promise.promise();
        long start = System.nanoTime();
        Context ctx = vertx.getOrCreateContext();
        ctx.runOnContext(v -> produce(0, n, produced, start));
        long producerNanos = produced.future().await();
        audit.close().await();
        long total = System.nanoTime() - start;
        System.out.printf(Locale.ROOT, "batched: %d events, producer done in %.2f s, all committed in %.2f s: %,.0f events/s%n",
                n, producerNanos / 1e9, total / 1e9, n / (total / 1e9));
        return n;
    }

    private void produce(long from, int n, Promise<Long> done, long start) {
        for (long i = from; i < n; i++) {
            Future<Void> accepted = audit.recordBatched(event(i));
            if (!accepted.isComplete()) {
                long next = i + 1;
                // Backpressure: the queue is full; go on once this event has found room.
                accepted.onComplete(x -> produce(next, n, done, start));
                return;
            }
        }
        done.complete(System.nanoTime() - start);
    }

    /** {@code callers} request-like loops, each waiting for its commit before recording again. */
    private long durable(int n, int callers) {
        long[] latency = new long[n];
        AtomicInteger issued = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        Promise<Void> done = Promise.promise();
        long start = System.nanoTime();
        Context ctx = vertx.getOrCreateContext();
        ctx.runOnContext(v -> {
            for (int c = 0; c < callers; c++) {
                next(issued, finished, n, latency, done);
            }
        });
        done.future().await();
        long total = System.nanoTime() - start;
        System.out.printf(Locale.ROOT, "durable: %d events from %d concurrent callers in %.2f s: %,.0f events/s; commit latency %s%n",
                n, callers, total / 1e9, n / (total / 1e9), percentiles(latency));
        return n;
    }

    private void next(AtomicInteger issued, AtomicInteger finished, int n, long[] latency, Promise<Void> done) {
        int i = issued.getAndIncrement();
        if (i >= n) {
            return;
        }
        long t0 = System.nanoTime();
        audit.record(event(i)).onComplete(x -> {
            latency[i] = System.nanoTime() - t0;
            if (finished.incrementAndGet() == n) {
                done.complete();
            } else {
                next(issued, finished, n, latency, done);
            }
        });
    }

    /** An offered load of {@code rate} durable events per second, each from its own caller, every 10 ms. */
    private long sustained(int rate, int seconds) {
        int n = rate * seconds;
        long[] latency = new long[n];
        AtomicInteger finished = new AtomicInteger();
        int[] issued = {0};
        int[] maxDepth = {0};
        Promise<Void> done = Promise.promise();
        long start = System.nanoTime();
        Context ctx = vertx.getOrCreateContext();
        ctx.runOnContext(v -> vertx.setPeriodic(0, 10, timer -> {
            long due = Math.min(n, (System.nanoTime() - start) * rate / 1_000_000_000L);
            while (issued[0] < due) {
                int seq = issued[0]++;
                long t0 = System.nanoTime();
                audit.record(event(seq)).onComplete(x -> {
                    latency[seq] = System.nanoTime() - t0;
                    if (finished.incrementAndGet() == n) {
                        done.complete();
                    }
                });
            }
            maxDepth[0] = Math.max(maxDepth[0], audit.depth());
            if (due >= n) {
                vertx.cancelTimer(timer);
            }
        }));
        done.future().await();
        long total = System.nanoTime() - start;
        System.out.printf(Locale.ROOT, "sustained: offered %,d events/s for %d s; %d committed in %.2f s: %,.0f events/s; "
                        + "max queue depth %d; commit latency %s%n",
                rate, seconds, n, total / 1e9, n / (total / 1e9), maxDepth[0], percentiles(latency));
        return n;
    }

    private static String percentiles(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, max %.1f ms", s[s.length / 2] / 1e6,
                s[(int) (s.length * 0.99)] / 1e6, s[s.length - 1] / 1e6);
    }

    /** Exact count: every event once, none missing, none twice. */
    private static boolean check(String db, String action, long expected) throws SQLException {
        try (Connection c = connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT target_id) FROM audit_events WHERE action = '" + action + "'")) {
            rs.next();
            long counted = rs.getLong(1);
            long distinct = rs.getLong(2);
            System.out.printf(Locale.ROOT, "expected %d, counted %d (distinct %d): lost %d, duplicated %d%n",
                    expected, counted, distinct, expected - distinct, counted - distinct);
            return counted == expected && distinct == expected;
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static Connection connect(String db) throws SQLException {
        PgUri uri = PgUri.parse(PG + "/" + db);
        return DriverManager.getConnection(uri.jdbcUrl(), uri.options().getUser(), uri.options().getPassword());
    }

    private static String arg(String[] args, int i, String dflt) {
        return args.length > i ? args[i] : dflt;
    }
}
