package dev.latchkey.server.auth;

import java.util.UUID;

/**
 * The authenticated caller of a request.
 *
 * @param deviceId null for web sessions and admin automation tokens
 * @param via      how the caller proved who they are
 */
public record Principal(UUID userId, UUID sessionId, UUID deviceId, String role, Via via) {

    public enum Via { BEARER, COOKIE }

    public boolean isAdmin() {
        return "admin".equals(role);
    }
}
