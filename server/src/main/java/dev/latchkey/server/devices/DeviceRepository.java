package dev.latchkey.server.devices;

import dev.latchkey.protocol.hwid.HwidComponents;
import dev.latchkey.server.lists.ListPage;
import dev.latchkey.server.lists.ListQuery;
import dev.latchkey.server.lists.Lister;
import dev.latchkey.server.lists.PageRequest;
import dev.latchkey.server.lists.RowCounts;
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
    private final Lister lister;
    private final RowCounts counts;

    public DeviceRepository(Pool pool) {
        this.pool = pool;
        this.lister = new Lister(pool);
        this.counts = new RowCounts(pool);
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
            rs.forEach(r -> out.add(new Device(r.getUUID("id"), userId, null, null,
                    HwidComponents.of(r.getJsonObject("components").getMap()), null, null, null)));
            return out;
        });
    }

    /** Deactivates these devices (whoever owns them) and frees their seats; returns what changed. */
    public Future<List<Device>> deactivate(SqlClient client, List<UUID> ids) {
        return client.preparedQuery(DeviceSql.DEACTIVATE_IDS).execute(Tuple.of(ids.toArray(new UUID[0]))).map(rs -> {
            List<Device> out = new ArrayList<>();
            rs.forEach(r -> out.add(new Device(r.getUUID("id"), r.getUUID("user_id"), null, null,
                    HwidComponents.of(r.getJsonObject("components").getMap()), null, null, null)));
            return out;
        });
    }

    public Future<java.util.Optional<Device>> find(UUID id) {
        return pool.preparedQuery(DeviceSql.BY_ID).execute(Tuple.of(id))
                .map(rs -> rs.size() == 0 ? java.util.Optional.empty() : java.util.Optional.of(Device.from(rs.iterator().next())));
    }

    public Future<java.util.Optional<Device>> lock(SqlClient tx, UUID id) {
        return tx.preparedQuery(DeviceSql.LOCK_OWN).execute(Tuple.of(id))
                .map(rs -> rs.size() == 0 ? java.util.Optional.empty() : java.util.Optional.of(Device.from(rs.iterator().next())));
    }

    /** Licenses holding a seat on the device (rows locked), with when their owner last freed a seat themself. */
    public Future<java.util.Map<UUID, java.time.OffsetDateTime>> seatsOn(SqlClient tx, UUID deviceId) {
        return tx.preparedQuery(DeviceSql.SEATS_ON).execute(Tuple.of(deviceId)).map(rs -> {
            java.util.Map<UUID, java.time.OffsetDateTime> m = new java.util.HashMap<>();
            rs.forEach(r -> m.put(r.getUUID("id"), r.getOffsetDateTime("last_self_deactivation")));
            return m;
        });
    }

    public Future<Void> markSelfDeactivation(SqlClient tx, java.util.Collection<UUID> licenseIds) {
        return tx.preparedQuery(DeviceSql.MARK_SELF_DEACTIVATION).execute(Tuple.of(licenseIds.toArray(new UUID[0]))).mapEmpty();
    }

    /** The user's devices with the licenses activated on each. */
    public Future<JsonArray> own(UUID userId, boolean includeInactive) {
        return pool.preparedQuery(DeviceSql.OWN).execute(Tuple.of(userId, includeInactive)).map(rs -> {
            JsonArray a = new JsonArray();
            rs.forEach(r -> {
                UUID[] licenses = r.getArrayOfUUIDs("licenses");
                JsonArray ls = new JsonArray();
                for (UUID l : licenses == null ? new UUID[0] : licenses) {
                    ls.add(l.toString());
                }
                a.add(Device.from(r).toJson().put("licenses", ls));
            });
            return a;
        });
    }

    public Future<java.util.Optional<Device>> rename(UUID id, UUID userId, String nickname) {
        return pool.preparedQuery(DeviceSql.RENAME).execute(Tuple.of(id, userId, nickname))
                .map(rs -> rs.size() == 0 ? java.util.Optional.empty() : java.util.Optional.of(Device.from(rs.iterator().next())));
    }

    /** Every active device of every user: for matching a newly blacklisted fingerprint. */
    public Future<List<Device>> allActive() {
        return pool.query(DeviceSql.ALL_ACTIVE).execute().map(rs -> {
            List<Device> out = new ArrayList<>();
            rs.forEach(r -> out.add(new Device(r.getUUID("id"), r.getUUID("user_id"), null, null,
                    HwidComponents.of(r.getJsonObject("components").getMap()), null, null, null)));
            return out;
        });
    }

    /** Claims the user's self-service HWID reset if the cooldown has passed; false otherwise. */
    public Future<Boolean> claimUserReset(SqlClient tx, UUID userId, long cooldownSeconds) {
        return tx.preparedQuery(DeviceSql.USER_RESET_CLAIM).execute(Tuple.of(userId, (double) cooldownSeconds)).map(rs -> rs.size() > 0);
    }

    public Future<java.time.OffsetDateTime> nextUserReset(UUID userId, long cooldownSeconds) {
        return pool.preparedQuery(DeviceSql.USER_RESET_NEXT).execute(Tuple.of(userId, (double) cooldownSeconds))
                .map(rs -> rs.size() == 0 ? null : rs.iterator().next().getOffsetDateTime("next"));
    }

    public Future<JsonArray> historyOf(UUID userId) {
        return pool.preparedQuery(DeviceSql.HISTORY_OF_USER).execute(Tuple.of(userId)).map(rs -> {
            JsonArray a = new JsonArray();
            rs.forEach(r -> a.add(new JsonObject()
                    .put("device_id", r.getUUID("device_id") == null ? null : r.getUUID("device_id").toString())
                    .put("changed_at", r.getOffsetDateTime("changed_at").toInstant().toString())
                    .put("reason", r.getString("reason"))
                    .put("actor_id", r.getUUID("actor_id") == null ? null : r.getUUID("actor_id").toString())));
            return a;
        });
    }

    /** Every device (or one user's), active ones only unless {@code includeInactive}, newest first. */
    public Future<ListPage> list(UUID userId, boolean includeInactive, PageRequest page) {
        return lister.page(listQuery(userId, includeInactive, counts), DeviceList.NEWEST, true, page, r -> Device.from(r).toJson());
    }

    static ListQuery listQuery(UUID userId, boolean includeInactive, RowCounts counts) {
        return DeviceList.query(Device.COLUMNS, "devices d", includeInactive ? "all" : "active", userId, null, counts);
    }

    private static JsonObject json(HwidComponents c) {
        return new JsonObject(new java.util.LinkedHashMap<>(c.asMap()));
    }
}
