package dev.latchkey.server.infra;

import dev.latchkey.server.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
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

    public static Pool pool(Vertx vertx, PgUri uri, int size) {
        return PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(size).setMaxWaitQueueSize(size * 64).setShared(false))
                .connectingTo(uri.options())
                .using(vertx)
                .build();
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
