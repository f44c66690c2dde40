package dev.latchkey.server.licensing;

final class LicenseSql {

    /** One statement for a whole batch (up to 10,000 keys): arrays unnested into rows. */
    static final String INSERT_BATCH = "INSERT INTO licenses (id, product_id, key_hash, key_last4, expires_at, duration_days, "
            + "max_activations, features, note) "
            + "SELECT k.id, $1, k.hash, k.last4, $2, $3, $4, $5, $6 "
            + "FROM unnest($7::uuid[], $8::bytea[], $9::text[]) AS k(id, hash, last4) "
            + "RETURNING " + License.COLUMNS.replace("l.", "");
    static final String BY_ID = "SELECT " + License.COLUMNS + " FROM licenses l WHERE l.id = $1";
    static final String OF_USER = "SELECT " + License.COLUMNS + ", p.name AS product_name, "
            + "(SELECT count(*) FROM activations a WHERE a.license_id = l.id) AS activations, "
            + "EXISTS (SELECT 1 FROM activations a WHERE a.license_id = l.id AND a.device_id = $2) AS on_device "
            + "FROM licenses l JOIN products p ON p.id = l.product_id WHERE l.user_id = $1 ORDER BY l.created_at";
    static final String UPDATE = "UPDATE licenses l SET status = coalesce($2, status), "
            + "expires_at = CASE WHEN $3 THEN $4 ELSE expires_at END, "
            + "duration_days = CASE WHEN $3 THEN NULL ELSE duration_days END, "
            + "max_activations = coalesce($5, max_activations), expiring_notified_at = CASE WHEN $3 THEN NULL ELSE expiring_notified_at END, "
            + "updated_at = now() WHERE id = $1 RETURNING " + License.COLUMNS;
    static final String REDEEM = "UPDATE licenses l SET user_id = $2, redeemed_at = now(), updated_at = now() "
            + "WHERE key_hash = $1 AND user_id IS NULL AND status = 'active' AND (expires_at IS NULL OR expires_at > now()) "
            + "RETURNING " + License.COLUMNS;
    static final String BY_HASH = "SELECT " + License.COLUMNS + " FROM licenses l WHERE l.key_hash = $1";
    static final String ACTIVATIONS = "SELECT a.device_id, a.activated_at, d.name, d.nickname, d.user_id, "
            + dev.latchkey.server.devices.Device.lastSeen("d") + " AS last_seen_at "
            + "FROM activations a JOIN devices d ON d.id = a.device_id WHERE a.license_id = $1 ORDER BY a.activated_at";

    // Activation, under a row lock on the license so concurrent devices cannot overshoot the limit.
    static final String LOCK = "SELECT " + License.COLUMNS + " FROM licenses l WHERE l.id = $1 FOR UPDATE";
    static final String IS_ACTIVE_ON = "SELECT 1 FROM activations WHERE license_id = $1 AND device_id = $2";
    static final String COUNT_ACTIVATIONS = "SELECT count(*) FROM activations WHERE license_id = $1";
    static final String ACTIVATE = "INSERT INTO activations (license_id, device_id) VALUES ($1, $2)";
    static final String START_CLOCK = "UPDATE licenses SET first_activated_at = now(), "
            + "expires_at = CASE WHEN duration_days IS NOT NULL AND expires_at IS NULL "
            + "THEN now() + make_interval(days => duration_days) ELSE expires_at END, updated_at = now() "
            + "WHERE id = $1 AND first_activated_at IS NULL";

    // Jobs: each statement claims its rows atomically, so several nodes never report one twice.
    static final String EXPIRE_DUE = "UPDATE licenses SET status = 'expired', updated_at = now() "
            + "WHERE status = 'active' AND expires_at <= now() RETURNING id, user_id, product_id";
    static final String EXPIRING_SOON = "UPDATE licenses SET expiring_notified_at = now() "
            + "WHERE status = 'active' AND expires_at > now() AND expires_at <= now() + make_interval(secs => $1) "
            + "AND expiring_notified_at IS NULL RETURNING id, user_id, product_id, expires_at";

    private LicenseSql() {
    }
}
