package dev.latchkey.server.licensing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Everything a heartbeat needs to know about one user, in one cacheable piece: whether the
 * account is blocked, which devices are active, and each license with its product's timing and
 * the devices it is activated on.
 */
public record Entitlements(boolean blocked, Map<UUID, Boolean> devices, List<Entry> licenses) {

    /** A license as the heartbeat sees it; {@code expiresAt} in epoch seconds, null for none. */
    public record Entry(UUID id, UUID productId, String product, String status, Long expiresAt, Integer durationDays,
                        int maxActivations, List<String> features, int interval, int grace, Set<UUID> devices) {

        /** Status at {@code nowSeconds}; expiry is enforced on every check, not only by the job. */
        public String statusAt(long nowSeconds) {
            if ("active".equals(status) && expiresAt != null && expiresAt <= nowSeconds) {
                return "expired";
            }
            return status;
        }
    }

    public JsonObject toJson() {
        JsonObject d = new JsonObject();
        devices.forEach((id, active) -> d.put(id.toString(), active));
        JsonArray ls = new JsonArray();
        for (Entry e : licenses) {
            JsonArray ds = new JsonArray();
            e.devices().forEach(id -> ds.add(id.toString()));
            ls.add(new JsonObject().put("id", e.id().toString()).put("product_id", e.productId().toString())
                    .put("product", e.product()).put("status", e.status()).put("expires_at", e.expiresAt())
                    .put("duration_days", e.durationDays()).put("max_activations", e.maxActivations())
                    .put("features", new JsonArray(e.features())).put("interval", e.interval()).put("grace", e.grace())
                    .put("devices", ds));
        }
        return new JsonObject().put("blocked", blocked).put("devices", d).put("licenses", ls);
    }

    public static Entitlements fromJson(JsonObject o) {
        Map<UUID, Boolean> devices = new HashMap<>();
        o.getJsonObject("devices").forEach(e -> devices.put(UUID.fromString(e.getKey()), (Boolean) e.getValue()));
        List<Entry> licenses = new ArrayList<>();
        for (Object x : o.getJsonArray("licenses")) {
            JsonObject l = (JsonObject) x;
            Set<UUID> ds = new HashSet<>();
            l.getJsonArray("devices").forEach(id -> ds.add(UUID.fromString((String) id)));
            List<String> features = new ArrayList<>();
            l.getJsonArray("features").forEach(f -> features.add((String) f));
            licenses.add(new Entry(UUID.fromString(l.getString("id")), UUID.fromString(l.getString("product_id")),
                    l.getString("product"), l.getString("status"), l.getLong("expires_at"), l.getInteger("duration_days"),
                    l.getInteger("max_activations"), features, l.getInteger("interval"), l.getInteger("grace"), ds));
        }
        return new Entitlements(o.getBoolean("blocked"), devices, licenses);
    }
}
