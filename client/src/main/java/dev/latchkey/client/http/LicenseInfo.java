package dev.latchkey.client.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** One of the caller's licenses, as {@code GET /api/v1/licenses} lists it. The key itself never comes back: only a hint. */
public record LicenseInfo(String id, String product, String keyHint, String status, Instant expiresAt,
                          List<String> features, long activations, int maxActivations, boolean onThisDevice) {

    public LicenseInfo {
        features = List.copyOf(features);
    }

    static LicenseInfo from(JsonNode n) {
        return new LicenseInfo(Json.text(n, "id"), Json.text(n, "product"), Json.text(n, "key_hint"), Json.text(n, "status"),
                Json.instant(n, "expires_at"), Json.strings(n, "features"), n.path("activations").asLong(),
                n.path("max_activations").asInt(), n.path("activated_on_this_device").asBoolean());
    }

    public boolean perpetual() {
        return expiresAt == null;
    }
}
