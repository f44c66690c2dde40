package dev.latchkey.server.licensing;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Loads a user's {@link Entitlements} from PostgreSQL (on a cache miss only). */
public final class EntitlementsRepository {

    private static final String USER = "SELECT blocked FROM users WHERE id = $1";
    private static final String DEVICES = "SELECT id, deactivated_at IS NULL AS active FROM devices WHERE user_id = $1";
    private static final String LICENSES = "SELECT l.id, l.product_id, p.name, l.status, l.expires_at, l.duration_days, "
            + "l.max_activations, l.features, p.heartbeat_interval, p.grace_period, "
            + "coalesce(array_agg(a.device_id) FILTER (WHERE a.device_id IS NOT NULL), '{}') AS devices "
            + "FROM licenses l JOIN products p ON p.id = l.product_id LEFT JOIN activations a ON a.license_id = l.id "
            + "WHERE l.user_id = $1 GROUP BY l.id, p.id ORDER BY l.created_at";

    private final Pool pool;

    public EntitlementsRepository(Pool pool) {
        this.pool = pool;
    }

    public Future<Entitlements> load(UUID userId) {
        Tuple id = Tuple.of(userId);
        Future<Boolean> blocked = pool.preparedQuery(USER).execute(id)
                .map(rs -> rs.size() == 0 || rs.iterator().next().getBoolean(0));
        Future<Map<UUID, Boolean>> devices = pool.preparedQuery(DEVICES).execute(id).map(rs -> {
            Map<UUID, Boolean> m = new HashMap<>();
            rs.forEach(r -> m.put(r.getUUID("id"), r.getBoolean("active")));
            return m;
        });
        Future<List<Entitlements.Entry>> licenses = pool.preparedQuery(LICENSES).execute(id).map(rs -> {
            List<Entitlements.Entry> out = new ArrayList<>();
            rs.forEach(r -> out.add(entry(r)));
            return out;
        });
        return Future.all(blocked, devices, licenses)
                .map(x -> new Entitlements(blocked.result(), devices.result(), licenses.result()));
    }

    private static Entitlements.Entry entry(Row r) {
        OffsetDateTime expires = r.getOffsetDateTime("expires_at");
        String[] features = r.getArrayOfStrings("features");
        UUID[] devices = r.getArrayOfUUIDs("devices");
        Set<UUID> ds = new HashSet<>(Arrays.asList(devices == null ? new UUID[0] : devices));
        return new Entitlements.Entry(r.getUUID("id"), r.getUUID("product_id"), r.getString("name"), r.getString("status"),
                expires == null ? null : expires.toEpochSecond(), r.getInteger("duration_days"), r.getInteger("max_activations"),
                features == null ? List.of() : Arrays.asList(features), r.getInteger("heartbeat_interval"),
                r.getInteger("grace_period"), ds);
    }
}
