package dev.latchkey.server.devices;

import dev.latchkey.protocol.hwid.HwidComponents;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A machine bound to a user through its hardware fingerprint. */
public record Device(UUID id, UUID userId, String name, String nickname, HwidComponents components, OffsetDateTime createdAt,
                     OffsetDateTime lastSeenAt, OffsetDateTime deactivatedAt) {

    /** The columns of a device row {@code d}. */
    static final String COLUMNS = "d.id, d.user_id, d.name, d.nickname, d.components, d.created_at, " + lastSeen("d")
            + " AS last_seen_at, d.deactivated_at";

    /** When device row {@code alias} was last seen (device_seen, written by heartbeats in batches), or registered if never since. */
    public static String lastSeen(String alias) {
        return "coalesce((SELECT s.last_seen_at FROM device_seen s WHERE s.device_id = " + alias + ".id), " + alias + ".created_at)";
    }

    static Device from(Row r) {
        return new Device(r.getUUID("id"), r.getUUID("user_id"), r.getString("name"), r.getString("nickname"),
                HwidComponents.of(r.getJsonObject("components").getMap()), r.getOffsetDateTime("created_at"),
                r.getOffsetDateTime("last_seen_at"), r.getOffsetDateTime("deactivated_at"));
    }

    /** Component names are shown, their hashes are not: the dashboard needs no fingerprint. */
    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("user_id", userId.toString())
                .put("name", name)
                .put("nickname", nickname)
                .put("components", new io.vertx.core.json.JsonArray(java.util.List.copyOf(components.asMap().keySet())))
                .put("created_at", createdAt.toInstant().toString())
                .put("last_seen_at", lastSeenAt.toInstant().toString())
                .put("active", deactivatedAt == null);
    }
}
