package dev.latchkey.server.lists;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.Map;

/**
 * Row counts kept by triggers in the writing transaction (migration V5, table {@code row_counts}): users,
 * devices and licenses by the attributes lists filter on. Names: {@code users}, {@code users.blocked},
 * {@code users.flagged}, {@code users.role.<role>}, {@code devices}, {@code devices.active}, {@code licenses},
 * {@code licenses.status.<status>}, {@code licenses.redeemed}, {@code licenses.product.<id>[.status.<status>|.redeemed]},
 * {@code licenses.active.never}, {@code licenses.active.on_activation}. A counter never created is 0.
 */
public final class RowCounts {

    static final String READ = "SELECT name, n FROM row_counts WHERE name = ANY($1)";

    private final Pool pool;

    public RowCounts(Pool pool) {
        this.pool = pool;
    }

    /** The counters asked for, each present (0 when never counted). */
    public Future<Map<String, Long>> read(String... names) {
        return pool.preparedQuery(READ).execute(Tuple.of((Object) names)).map(rs -> {
            Map<String, Long> out = new HashMap<>();
            for (String n : names) {
                out.put(n, 0L);
            }
            rs.forEach(r -> out.put(r.getString("name"), r.getLong("n")));
            return out;
        });
    }

    public Future<Long> get(String name) {
        return read(name).map(m -> m.get(name));
    }
}
