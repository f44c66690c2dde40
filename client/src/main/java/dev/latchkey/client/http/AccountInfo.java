package dev.latchkey.client.http;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code GET /api/v1/me}: who is signed in. */
public record AccountInfo(String id, String username, String role, int maxDevices) {

    static AccountInfo from(JsonNode n) {
        return new AccountInfo(Json.text(n, "id"), Json.text(n, "username"), Json.text(n, "role"), n.path("max_devices").asInt());
    }
}
