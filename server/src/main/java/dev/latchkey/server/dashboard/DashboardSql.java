package dev.latchkey.server.dashboard;

import dev.latchkey.server.accounts.UserList;
import dev.latchkey.server.devices.Device;
import dev.latchkey.server.devices.DeviceList;
import dev.latchkey.server.licensing.LicenseList;

/**
 * The dashboard's own reads (lists with sorting and joins the feature repositories do not offer, and the
 * overview statistics). It never writes: every change goes through the feature services.
 */
final class DashboardSql {

    /** Columns of the users page; the per-row counts use devices_user_active and licenses_user. */
    static final String USER_COLUMNS = "u.id, u.username, u.email, u.role, u.blocked, u.max_devices, u.created_at, u.last_login_at, "
            + "u.flagged_at, u.flag_reason, "
            + "(SELECT count(*) FROM devices d WHERE d.user_id = u.id AND d.deactivated_at IS NULL) AS devices, "
            + "(SELECT count(*) FROM licenses l WHERE l.user_id = u.id) AS licenses";

    static final String USERNAMES = "SELECT id, username FROM users WHERE id = ANY($1)";
    static final String USER_BY_NAME = "SELECT id FROM users WHERE lower(username) = lower($1)";

    static final String DEVICE_COLUMNS = "d.id, d.user_id, u.username, d.name, d.nickname, d.created_at, "
            + Device.lastSeen("d") + " AS last_seen_at, "
            + "d.deactivated_at, (d.deactivated_at IS NULL AND " + Device.lastSeen("d") + " > now() - " + DeviceList.ONLINE + ") AS online, "
            + "(SELECT count(*) FROM activations a WHERE a.device_id = d.id) AS seats, "
            + "(SELECT coalesce(string_agg(k, ', ' ORDER BY k), '') FROM jsonb_object_keys(d.components) AS k) AS components";
    static final String DEVICE_FROM = "devices d JOIN users u ON u.id = d.user_id";

    static final String SESSION_COLUMNS = "s.id, s.user_id, u.username, s.kind, s.device_id, d.name AS device_name, s.ip, "
            + "s.user_agent, s.created_at, s.last_seen_at, s.expires_at";
    static final String SESSION_FROM = "sessions s JOIN users u ON u.id = s.user_id LEFT JOIN devices d ON d.id = s.device_id";

    /** Active licenses past their expiry, by product (few: the job marks them expired within a minute). */
    static final String PAST_DUE_BY_PRODUCT = "SELECT l.product_id, count(*) AS n FROM licenses l "
            + "WHERE l.status = 'active' AND l.expires_at <= now() GROUP BY l.product_id";
    static final String PRODUCT_NAMES = "SELECT id, name FROM products ORDER BY lower(name)";

    static final String FILES_WHERE = " WHERE ($1::uuid IS NULL OR f.product_id = $1) AND ($2::text IS NULL OR f.status = $2)"
            + " AND ($3::text IS NULL OR f.channel = $3)";
    static final String FILES = "SELECT f.id, f.product_id, p.name AS product, f.name, f.version, f.channel, f.required_feature, "
            + "f.notes, f.size, f.status, f.created_at, encode(f.sha256, 'hex') AS sha256 "
            + "FROM files f JOIN products p ON p.id = f.product_id" + FILES_WHERE
            + " ORDER BY f.created_at DESC, f.id LIMIT $4 OFFSET $5";
    static final String FILES_COUNT = "SELECT count(*) FROM files f" + FILES_WHERE;
    static final String FILE_CHANNELS = "SELECT DISTINCT channel FROM files ORDER BY channel";

    // Overview, on every push: kept row counts (RowCounts) and the few active licenses past their expiry.
    static final String LICENSES_PAST_DUE = LicenseList.PAST_DUE;

    // Overview, recounted once a minute for the whole cluster (Recounts). Online devices and active users depend
    // on device_seen.last_seen_at and live sessions on sessions.expires_at: columns rewritten on every heartbeat batch
    // and every token refresh, deliberately without an index (docs/decisions.md), so these read their tables.
    static final String RECOUNT_ONLINE = "SELECT count(*) AS online FROM device_seen s JOIN devices d ON d.id = s.device_id "
            + "WHERE d.deactivated_at IS NULL AND s.last_seen_at > now() - " + DeviceList.ONLINE;
    static final String RECOUNT_ACTIVE_USERS = "SELECT count(*) AS active_24h FROM (SELECT d.user_id FROM device_seen s "
            + "JOIN devices d ON d.id = s.device_id WHERE s.last_seen_at > now() - interval '24 hours' "
            + "UNION SELECT u.id FROM users u WHERE " + UserList.LAST_LOGIN + " > now() - interval '24 hours') AS a";
    /** Live sessions by kind: n leaves out web sessions idle past the timeout (they open nothing), unexpired counts them. */
    static final String SESSION_STATS = "SELECT kind, count(*) FILTER (WHERE kind <> 'web' OR last_seen_at > now() - make_interval(secs => $1)) "
            + "AS n, count(*) AS unexpired FROM sessions WHERE revoked_at IS NULL AND expires_at > now() GROUP BY kind";
    /** Active licenses ending within 90 days, by when (licenses_expiry); the rest of the chart comes from row counts. */
    static final String EXPIRY_RANGES = "SELECT "
            + "count(*) FILTER (WHERE expires_at <= now() + interval '7 days') AS within_7d, "
            + "count(*) FILTER (WHERE expires_at > now() + interval '7 days' AND expires_at <= now() + interval '30 days') AS within_30d, "
            + "count(*) FILTER (WHERE expires_at > now() + interval '30 days') AS within_90d "
            + "FROM licenses WHERE status = 'active' AND expires_at > now() AND expires_at <= now() + interval '90 days'";

    /**
     * Sign-ins by outcome in 24 hours, recounted with the others once a minute: read from the action index of this
     * month's audit partition (and last month's near its start).
     */
    static final String LOGIN_STATS = "SELECT outcome, count(*) AS n FROM audit_events "
            + "WHERE action IN ('auth.login', 'auth.client_login', 'auth.token') AND occurred_at > now() - interval '24 hours' "
            + "GROUP BY outcome";
    /**
     * The newest {@link OverviewRoutes#FEED} events. Why the count is in the SQL and not {@code LIMIT $1}: a generic
     * plan cannot know the count is small and plans for a tenth of the trail (on 5 million events, half a million
     * joined rows and 60 ms of JIT compilation before a 2 ms query). The users are joined to the page only, after
     * the limit.
     */
    static final String RECENT_EVENTS = "SELECT e.occurred_at, e.action, e.outcome, e.actor_id, coalesce(e.actor_name, u.username) AS actor, "
            + "e.target_type, e.target_id, e.ip, e.details FROM (SELECT id, occurred_at, action, outcome, actor_id, actor_name, "
            + "target_type, target_id, ip, details FROM audit_events ORDER BY occurred_at DESC, id DESC LIMIT " + OverviewRoutes.FEED
            + ") AS e LEFT JOIN users u ON u.id = e.actor_id ORDER BY e.occurred_at DESC, e.id DESC";

    private DashboardSql() {
    }
}
