package dev.latchkey.server.licensing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** A license as stored: never the key itself, only its last four symbols. */
public record License(UUID id, UUID productId, String keyLast4, String status, UUID userId, OffsetDateTime redeemedAt,
                      OffsetDateTime expiresAt, Integer durationDays, int maxActivations, List<String> features,
                      String note, OffsetDateTime firstActivatedAt, OffsetDateTime createdAt) {

    public static final List<String> STATUSES = List.of("active", "suspended", "revoked", "expired");

    static final String COLUMNS = "l.id, l.product_id, l.key_last4, l.status, l.user_id, l.redeemed_at, l.expires_at, "
            + "l.duration_days, l.max_activations, l.features, l.note, l.first_activated_at, l.created_at";

    static License from(Row r) {
        String[] features = r.getArrayOfStrings("features");
        return new License(r.getUUID("id"), r.getUUID("product_id"), r.getString("key_last4"), r.getString("status"),
                r.getUUID("user_id"), r.getOffsetDateTime("redeemed_at"), r.getOffsetDateTime("expires_at"),
                r.getInteger("duration_days"), r.getInteger("max_activations"),
                features == null ? List.of() : Arrays.asList(features), r.getString("note"),
                r.getOffsetDateTime("first_activated_at"), r.getOffsetDateTime("created_at"));
    }

    /** The status as of {@code now}: an active license past its expiry is expired, whether or not the job ran yet. */
    public String effectiveStatus(Instant now) {
        if ("active".equals(status) && expiresAt != null && !expiresAt.toInstant().isAfter(now)) {
            return "expired";
        }
        return status;
    }

    public JsonObject toJson(Instant now) {
        return new JsonObject()
                .put("id", id.toString())
                .put("product_id", productId.toString())
                .put("key_hint", "…" + keyLast4)
                .put("status", effectiveStatus(now))
                .put("user_id", userId == null ? null : userId.toString())
                .put("redeemed_at", iso(redeemedAt))
                .put("expires_at", iso(expiresAt))
                .put("duration_days", durationDays)
                .put("max_activations", maxActivations)
                .put("features", new JsonArray(features))
                .put("note", note)
                .put("first_activated_at", iso(firstActivatedAt))
                .put("created_at", iso(createdAt));
    }

    static String iso(OffsetDateTime t) {
        return t == null ? null : t.toInstant().toString();
    }
}
