package dev.latchkey.client.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** One of the caller's devices from {@code GET /api/v1/devices}; {@code current} marks this machine. */
public record DeviceInfo(String id, String name, String nickname, List<String> components, Instant createdAt,
                         Instant lastSeenAt, boolean current) {

    public DeviceInfo {
        components = List.copyOf(components);
    }

    static DeviceInfo from(JsonNode n) {
        return new DeviceInfo(Json.text(n, "id"), Json.text(n, "name"), Json.text(n, "nickname"),
                Json.strings(n, "components"), Json.instant(n, "created_at"), Json.instant(n, "last_seen_at"),
                n.path("current").asBoolean());
    }

    /** The nickname when set, else the name the device signed in with. */
    public String label() {
        return nickname != null && !nickname.isBlank() ? nickname : name == null ? id : name;
    }
}
