package dev.latchkey.server.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.latchkey.server.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class PostgresPoolTest {

    /** Runs one parameterised statement three times on one connection, then counts that connection's prepared statements. */
    private static long preparedAfterReuse(Vertx vertx, boolean cache) {
        try (TestDatabase db = TestDatabase.create("pool")) {
            Pool pool = Postgres.pool(vertx, PgUri.parse(db.uri()), new Postgres.PoolLimits(1, 16, Duration.ofSeconds(5),
                    Duration.ofSeconds(5), Duration.ofSeconds(15), cache));
            try {
                return pool.withConnection(conn -> conn.preparedQuery("SELECT $1::int + 1").execute(Tuple.of(1))
                        .compose(r -> conn.preparedQuery("SELECT $1::int + 1").execute(Tuple.of(2)))
                        .compose(r -> conn.preparedQuery("SELECT $1::int + 1").execute(Tuple.of(3)))
                        .compose(r -> conn.query("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE 'SELECT $1::int + 1%'")
                                .execute())
                        .map(rows -> rows.iterator().next().getLong(0)))
                        .await();
            } finally {
                pool.close().await();
            }
        }
    }

    @Test
    @DisplayName("With the statement cache (the default) a statement stays prepared on its connection and is reused")
    void cacheKeepsOneNamedStatement(Vertx vertx) {
        assertEquals(1L, preparedAfterReuse(vertx, true), "three calls, one prepared statement");
    }

    @Test
    @DisplayName("LATCHKEY_PG_STATEMENT_CACHE=false: nothing stays prepared (for poolers that cannot keep statements)")
    void withoutCacheNothingStaysPrepared(Vertx vertx) {
        assertEquals(0L, preparedAfterReuse(vertx, false));
    }
}
