package dev.latchkey.server.devices;

import dev.latchkey.protocol.hwid.HwidComponents;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Fingerprints that may not sign in or heartbeat on any account. */
public final class HwidBlacklistRepository {

    public record Entry(UUID id, HwidComponents components, String reason, UUID createdBy, java.time.OffsetDateTime createdAt) {
        public JsonObject toJson() {
            return new JsonObject().put("id", id.toString())
                    .put("components", new JsonArray(List.copyOf(components.asMap().keySet())))
                    .put("reason", reason)
                    .put("created_by", createdBy == null ? null : createdBy.toString())
                    .put("created_at", createdAt.toInstant().toString());
        }
    }

    private final Pool pool;

    public HwidBlacklistRepository(Pool pool) {
        this.pool = pool;
    }

    public Future<Entry> insert(UUID id, HwidComponents components, String reason, UUID createdBy) {
        return pool.preparedQuery(DeviceSql.BLACKLIST_INSERT)
                .execute(Tuple.of(id, new JsonObject(new java.util.LinkedHashMap<>(components.asMap())), reason, createdBy))
                .map(rs -> entry(rs.iterator().next()));
    }

    public Future<List<Entry>> all() {
        return pool.query(DeviceSql.BLACKLIST_ALL).execute().map(rs -> {
            List<Entry> out = new ArrayList<>();
            rs.forEach(r -> out.add(entry(r)));
            return out;
        });
    }

    public Future<Boolean> delete(UUID id) {
        return pool.preparedQuery(DeviceSql.BLACKLIST_DELETE).execute(Tuple.of(id)).map(rs -> rs.size() > 0);
    }

    private static Entry entry(Row r) {
        return new Entry(r.getUUID("id"), HwidComponents.of(r.getJsonObject("components").getMap()), r.getString("reason"),
                r.getUUID("created_by"), r.getOffsetDateTime("created_at"));
    }
}
