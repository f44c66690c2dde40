package dev.latchkey.server.devices;

final class DeviceSql {

    static final String ACTIVE_OF_USER = "SELECT " + Device.COLUMNS + " FROM devices "
            + "WHERE user_id = $1 AND deactivated_at IS NULL ORDER BY last_seen_at DESC";
    static final String INSERT = "INSERT INTO devices (id, user_id, name, components) VALUES ($1, $2, $3, $4) RETURNING " + Device.COLUMNS;
    static final String SEEN = "UPDATE devices SET components = $2, name = coalesce($3, name), last_seen_at = now() WHERE id = $1";
    static final String HISTORY = "INSERT INTO hwid_history (device_id, user_id, reason, old_components, new_components, actor_id) "
            + "VALUES ($1, $2, $3, $4, $5, $6)";
    static final String DEACTIVATE_ALL = "UPDATE devices SET deactivated_at = now() WHERE user_id = $1 AND deactivated_at IS NULL "
            + "RETURNING id, components";
    static final String LIST_WHERE = " WHERE ($1::uuid IS NULL OR user_id = $1) AND ($2 OR deactivated_at IS NULL)";
    static final String LIST = "SELECT " + Device.COLUMNS + " FROM devices" + LIST_WHERE
            + " ORDER BY last_seen_at DESC, id LIMIT $3 OFFSET $4";
    static final String COUNT = "SELECT count(*) FROM devices" + LIST_WHERE;

    private DeviceSql() {
    }
}
