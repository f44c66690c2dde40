package dev.latchkey.server.devices;

final class DeviceSql {

    static final String ACTIVE_OF_USER = "SELECT " + Device.COLUMNS + " FROM devices d "
            + "WHERE d.user_id = $1 AND d.deactivated_at IS NULL ORDER BY 7 DESC";
    /** A new device, seen now (its device_seen row is written in the same statement). */
    static final String INSERT = "WITH d AS (INSERT INTO devices (id, user_id, name, components) VALUES ($1, $2, $3, $4) RETURNING *), "
            + "s AS (INSERT INTO device_seen (device_id, last_seen_at) SELECT id, created_at FROM d) SELECT " + Device.COLUMNS + " FROM d";
    /** A sign-in from a known device: its current components and name, and seen now. */
    static final String SEEN = "WITH d AS (UPDATE devices SET components = $2, name = coalesce($3, name) WHERE id = $1 RETURNING id) "
            + "INSERT INTO device_seen (device_id, last_seen_at) SELECT id, now() FROM d "
            + "ON CONFLICT (device_id) DO UPDATE SET last_seen_at = greatest(device_seen.last_seen_at, EXCLUDED.last_seen_at)";
    static final String HISTORY_OF_USER = "SELECT device_id, changed_at, reason, actor_id FROM hwid_history WHERE user_id = $1 "
            + "ORDER BY changed_at DESC, id DESC LIMIT 100";
    static final String HISTORY = "INSERT INTO hwid_history (device_id, user_id, reason, old_components, new_components, actor_id) "
            + "VALUES ($1, $2, $3, $4, $5, $6)";
    /** Deactivates every device of a user and frees their seats, in one statement. */
    static final String DEACTIVATE_ALL = "WITH d AS (UPDATE devices SET deactivated_at = now() WHERE user_id = $1 "
            + "AND deactivated_at IS NULL RETURNING id, components), "
            + "a AS (DELETE FROM activations WHERE device_id IN (SELECT id FROM d)) SELECT id, components FROM d";
    static final String DEACTIVATE_IDS = "WITH d AS (UPDATE devices SET deactivated_at = now() WHERE id = ANY($1) "
            + "AND deactivated_at IS NULL RETURNING id, user_id, components), "
            + "a AS (DELETE FROM activations WHERE device_id IN (SELECT id FROM d)) SELECT id, user_id, components FROM d";
    static final String BY_ID = "SELECT " + Device.COLUMNS + " FROM devices d WHERE d.id = $1";
    static final String LOCK_OWN = "SELECT " + Device.COLUMNS + " FROM devices d WHERE d.id = $1 FOR UPDATE";
    static final String SEATS_ON = "SELECT l.id, l.last_self_deactivation FROM activations a JOIN licenses l ON l.id = a.license_id "
            + "WHERE a.device_id = $1 FOR UPDATE OF l";
    static final String MARK_SELF_DEACTIVATION = "UPDATE licenses SET last_self_deactivation = now() WHERE id = ANY($1)";
    static final String OWN = "SELECT d.id, d.user_id, d.name, d.nickname, d.components, d.created_at, "
            + "coalesce(ds.last_seen_at, d.created_at) AS last_seen_at, d.deactivated_at, "
            + "coalesce(array_agg(a.license_id) FILTER (WHERE a.license_id IS NOT NULL), '{}') AS licenses "
            + "FROM devices d LEFT JOIN device_seen ds ON ds.device_id = d.id LEFT JOIN activations a ON a.device_id = d.id "
            + "WHERE d.user_id = $1 AND ($2 OR d.deactivated_at IS NULL) GROUP BY d.id, ds.last_seen_at ORDER BY 7 DESC";
    static final String RENAME = "UPDATE devices d SET nickname = $3 WHERE d.id = $1 AND d.user_id = $2 RETURNING " + Device.COLUMNS;
    static final String ALL_ACTIVE = "SELECT id, user_id, components FROM devices WHERE deactivated_at IS NULL";
    static final String USER_RESET_CLAIM = "UPDATE users SET last_hwid_reset_at = now() WHERE id = $1 "
            + "AND (last_hwid_reset_at IS NULL OR last_hwid_reset_at <= now() - make_interval(secs => $2)) RETURNING id";
    static final String USER_RESET_NEXT = "SELECT last_hwid_reset_at + make_interval(secs => $2) AS next FROM users WHERE id = $1";
    static final String BLACKLIST_INSERT = "INSERT INTO hwid_blacklist (id, components, reason, created_by) VALUES ($1, $2, $3, $4) "
            + "RETURNING id, components, reason, created_by, created_at";
    static final String BLACKLIST_ALL = "SELECT id, components, reason, created_by, created_at FROM hwid_blacklist ORDER BY created_at DESC";
    static final String BLACKLIST_DELETE = "DELETE FROM hwid_blacklist WHERE id = $1 RETURNING id";

    private DeviceSql() {
    }
}
