package dev.latchkey.server.devices;

import dev.latchkey.protocol.hwid.HwidComponents;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A machine bound to a user through its hardware fingerprint. */
public record Device(UUID id, UUID userId, String name, String nickname, HwidComponents components, OffsetDateTime createdAt,
                     OffsetDateTime lastSeenAt, OffsetDateTime deactivatedAt) {

    static final String COLUMNS = "id, user_id, name, nickname, components, created_at, last_seen_at, deactivated_at";

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
