package dev.latchkey.server.devices;

import dev.latchkey.protocol.hwid.HwidComponents;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

public final class DeviceRepository {

    private final Pool pool;

    public DeviceRepository(Pool pool) {
        this.pool = pool;
    }

    public Future<List<Device>> activeOf(SqlClient client, UUID userId) {
        return client.preparedQuery(DeviceSql.ACTIVE_OF_USER).execute(Tuple.of(userId)).map(rs -> {
            List<Device> out = new ArrayList<>();
            rs.forEach(r -> out.add(Device.from(r)));
            return out;
        });
    }

    public Future<Device> insert(SqlClient client, UUID id, UUID userId, String name, HwidComponents components) {
        return client.preparedQuery(DeviceSql.INSERT)
                .execute(Tuple.of(id, userId, name, json(components)))
                .map(rs -> Device.from(rs.iterator().next()));
    }

    public Future<Void> seen(SqlClient client, UUID id, HwidComponents components, String name) {
        return client.preparedQuery(DeviceSql.SEEN).execute(Tuple.of(id, json(components), name)).mapEmpty();
    }

    public Future<Void> history(SqlClient client, UUID deviceId, UUID userId, String reason, HwidComponents before,
                                HwidComponents after, UUID actorId) {
        return client.preparedQuery(DeviceSql.HISTORY)
                .execute(Tuple.of(deviceId, userId, reason, before == null ? null : json(before),
                        after == null ? null : json(after), actorId))
                .mapEmpty();
    }

    /** Deactivates every active device of a user; returns their ids and last fingerprints. */
    public Future<List<Device>> deactivateAll(SqlClient client, UUID userId) {
        return client.preparedQuery(DeviceSql.DEACTIVATE_ALL).execute(Tuple.of(userId)).map(rs -> {
            List<Device> out = new ArrayList<>();
            rs.forEach(r -> out.add(new Device(r.getUUID("id"), userId, null,
                    HwidComponents.of(r.getJsonObject("components").getMap()), null, null, null)));
            return out;
        });
    }

    public Future<JsonObject> list(UUID userId, boolean includeInactive, int limit, int offset) {
        Future<Long> total = pool.preparedQuery(DeviceSql.COUNT).execute(Tuple.of(userId, includeInactive))
                .map(rs -> rs.iterator().next().getLong(0));
        Future<JsonArray> items = pool.preparedQuery(DeviceSql.LIST).execute(Tuple.of(userId, includeInactive, limit, offset))
                .map(rs -> {
                    JsonArray a = new JsonArray();
                    rs.forEach(r -> a.add(Device.from(r).toJson()));
                    return a;
                });
        return Future.all(total, items).map(x -> new JsonObject().put("items", items.result()).put("total", total.result()));
    }

    private static JsonObject json(HwidComponents c) {
        return new JsonObject(new java.util.LinkedHashMap<>(c.asMap()));
    }
}
