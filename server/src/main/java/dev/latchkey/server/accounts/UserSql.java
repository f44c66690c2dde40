package dev.latchkey.server.accounts;

final class UserSql {

    static final String INSERT = "INSERT INTO users (id, username, email, password_hash, role, max_devices) "
            + "VALUES ($1, $2, $3, $4, $5, $6) RETURNING " + User.COLUMNS;
    static final String BY_USERNAME = "SELECT " + User.COLUMNS + " FROM users WHERE lower(username) = lower($1)";
    static final String BY_ID = "SELECT " + User.COLUMNS + " FROM users WHERE id = $1";
    static final String UPDATE = "UPDATE users SET blocked = coalesce($2, blocked), role = coalesce($3, role), "
            + "max_devices = coalesce($4, max_devices), email = CASE WHEN $5 THEN $6 ELSE email END, "
            + "flagged_at = CASE WHEN $7 THEN NULL ELSE flagged_at END, flag_reason = CASE WHEN $7 THEN NULL ELSE flag_reason END "
            + "WHERE id = $1 RETURNING " + User.COLUMNS;
    static final String TOUCH_LOGIN = "UPDATE users SET last_login_at = now() WHERE id = $1";
    static final String ANY_ADMIN = "SELECT EXISTS (SELECT 1 FROM users WHERE role = 'admin')";
    static final String LOCK = "SELECT " + User.COLUMNS + " FROM users WHERE id = $1 FOR UPDATE";

    private UserSql() {
    }
}
