package dev.latchkey.server.auth;

import java.util.UUID;

/**
 * The authenticated caller of a request.
 *
 * @param deviceId  null for web sessions and admin automation tokens
 * @param role      the role the token (or cookie session) carries
 * @param via       how the caller proved who they are
 * @param expiresAt epoch seconds when the credential stops being accepted: the access token's {@code exp}, or a web
 *                  session's absolute end; what may be cached about the session lives at most this long
 */
public record Principal(UUID userId, UUID sessionId, UUID deviceId, String role, Via via, long expiresAt) {

    public enum Via { BEARER, COOKIE }

    public boolean isAdmin() {
        return "admin".equals(role);
    }
}
