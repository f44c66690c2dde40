package dev.latchkey.server.auth;

final class SessionSql {

    static final String INSERT = "INSERT INTO sessions (id, user_id, kind, token_hash, device_id, ip, user_agent, expires_at) "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    static final String STATE = "SELECT s.user_id, s.kind, s.device_id, s.revoked_at, s.expires_at, s.last_seen_at, u.blocked, u.role "
            + "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1";
    static final String WEB_BY_HASH = "SELECT s.id, s.user_id, s.device_id, s.revoked_at, s.expires_at, s.last_seen_at, u.blocked, u.role "
            + "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.kind = 'web'";
    static final String TOUCH = "UPDATE sessions SET last_seen_at = now() "
            + "WHERE id = $1 AND last_seen_at < now() - interval '60 seconds'";
    static final String EXTEND = "UPDATE sessions SET expires_at = $2, last_seen_at = now() WHERE id = $1 AND revoked_at IS NULL";
    static final String REVOKE = "UPDATE sessions SET revoked_at = now(), revoked_reason = $2 "
            + "WHERE id = $1 AND revoked_at IS NULL RETURNING id, user_id, token_hash";
    static final String REVOKE_ALL = "UPDATE sessions SET revoked_at = now(), revoked_reason = $2 "
            + "WHERE user_id = $1 AND revoked_at IS NULL RETURNING id, user_id, token_hash";
    static final String REVOKE_DEVICES = "UPDATE sessions SET revoked_at = now(), revoked_reason = $2 "
            + "WHERE device_id = ANY($1) AND revoked_at IS NULL RETURNING id, user_id, token_hash";
    static final String LIST_COLUMNS = "s.id, s.user_id, u.username, s.kind, s.device_id, s.ip, s.user_agent, s.created_at, "
            + "s.last_seen_at, s.expires_at, s.revoked_at, s.revoked_reason";

    static final String INSERT_REFRESH = "INSERT INTO refresh_tokens (token_hash, session_id, expires_at) VALUES ($1, $2, $3)";
    /** Spends a refresh token atomically: of two concurrent callers exactly one gets the row. */
    static final String SPEND_REFRESH = "UPDATE refresh_tokens SET spent_at = now() "
            + "WHERE token_hash = $1 AND spent_at IS NULL AND expires_at > now() RETURNING session_id";
    static final String FIND_REFRESH = "SELECT session_id, spent_at, expires_at FROM refresh_tokens WHERE token_hash = $1";

    private SessionSql() {
    }
}
