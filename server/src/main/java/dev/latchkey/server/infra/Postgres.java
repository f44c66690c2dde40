package dev.latchkey.server.infra;

import dev.latchkey.server.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/** Schema migrations (Flyway, SQL under {@code db/migration}) and the shared connection pool. */
public final class Postgres {

    private Postgres() {
    }

    /** Runs pending migrations on a worker thread; fails with a message naming the URI. */
    public static Future<Integer> migrate(Vertx vertx, PgUri uri) {
        return vertx.executeBlocking(() -> {
            Flyway flyway = Flyway.configure()
                    .dataSource(uri.jdbcUrl(), uri.options().getUser(), uri.options().getPassword())
                    .locations("classpath:db/migration")
                    .connectRetries(0)
                    .load();
            try {
                return flyway.migrate().migrationsExecuted;
            } catch (FlywayException e) {
                throw new ConfigException("Cannot connect to or migrate PostgreSQL at " + uri.display() + ": " + rootMessage(e), e);
            }
        }, false);
    }

    /**
     * Limits that turn a PostgreSQL that is down or hung into fast failures (503 through
     * {@code http/ErrorHandler}) instead of requests and memory piling up.
     *
     * @param size           connections
     * @param waitQueue      requests that may wait for a connection; beyond, they fail at once
     * @param waitTimeout    how long a request waits for a connection
     * @param connectTimeout TCP connect
     * @param queryTimeout   how long a statement, or a whole transaction, may run once it has its
     *                       connection (see {@link TimedPool})
     * @param statementCache keep each statement prepared on its connection after its first use
     */
    public record PoolLimits(int size, int waitQueue, Duration waitTimeout, Duration connectTimeout, Duration queryTimeout,
                             boolean statementCache) {
    }

    public static Pool pool(Vertx vertx, PgUri uri, PoolLimits limits) {
        PoolOptions pool = new PoolOptions()
                .setMaxSize(limits.size())
                .setMaxWaitQueueSize(limits.waitQueue())
                .setConnectionTimeout((int) Math.max(1, limits.waitTimeout().toMillis()))
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
                .setShared(false);
        NetClientOptions net = new NetClientOptions()
                .setConnectTimeout((int) Math.max(1, limits.connectTimeout().toMillis()));
        // Why cache: without it PostgreSQL parses and plans every statement on every call; cached, a sign-in's
        // fifteen statements cost it a third less CPU (BENCHMARKS.md, "Login storm").
        PgConnectOptions connect = new PgConnectOptions(uri.options()).setCachePreparedStatements(limits.statementCache());
        Pool raw = PgBuilder.pool()
                .with(pool)
                .with(net)
                .connectingTo(connect)
                .using(vertx)
                .build();
        return new TimedPool(vertx, raw, limits.waitTimeout().plus(limits.queryTimeout()));
    }

    /** Checks the pool can reach the database; used at start and by {@code /health}. */
    public static Future<Void> ping(Pool pool) {
        return pool.query("SELECT 1").execute().mapEmpty();
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
