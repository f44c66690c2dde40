package dev.latchkey.server.licensing;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * What is licensed. Its heartbeat interval and offline grace period shape every lease;
 * {@code freeSeats} frees a device's seat after {@code seatTimeout} seconds of silence.
 */
public record Product(UUID id, String name, String description, int heartbeatInterval, int gracePeriod,
                      boolean freeSeats, int seatTimeout, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static final String COLUMNS = "id, name, description, heartbeat_interval, grace_period, free_seats, seat_timeout, created_at, updated_at";

    static Product from(Row r) {
        return new Product(r.getUUID("id"), r.getString("name"), r.getString("description"), r.getInteger("heartbeat_interval"),
                r.getInteger("grace_period"), r.getBoolean("free_seats"), r.getInteger("seat_timeout"),
                r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"));
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("name", name)
                .put("description", description)
                .put("heartbeat_interval", heartbeatInterval)
                .put("grace_period", gracePeriod)
                .put("free_seats", freeSeats)
                .put("seat_timeout", seatTimeout)
                .put("created_at", createdAt.toInstant().toString())
                .put("updated_at", updatedAt.toInstant().toString());
    }
}
