package dev.latchkey.server.auth;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** What a desktop sign-in or refresh returns. */
public record TokenPair(String accessToken, String refreshToken, long expiresIn, UUID deviceId, UUID userId) {

    public JsonObject toJson() {
        return new JsonObject()
                .put("access_token", accessToken)
                .put("refresh_token", refreshToken)
                .put("token_type", "Bearer")
                .put("expires_in", expiresIn)
                .put("device_id", deviceId == null ? null : deviceId.toString())
                .put("user_id", userId.toString());
    }

    @Override
    public String toString() {
        // Why: tokens must never reach a log through an innocent string concatenation.
        return "TokenPair[user=" + userId + ", device=" + deviceId + "]";
    }
}
