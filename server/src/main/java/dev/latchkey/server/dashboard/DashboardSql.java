package dev.latchkey.server.dashboard;

import java.util.Map;

/**
 * The dashboard's own reads (lists with sorting and joins the feature repositories do not offer, and the
 * overview statistics). It never writes: every change goes through the feature services.
 */
final class DashboardSql {

    /** A device counts as online when it was seen this recently (two default heartbeat intervals). */
    static final String ONLINE = "interval '10 minutes'";

    static final String USERS_WHERE = " WHERE ($1::text IS NULL OR strpos(lower(u.username), lower($1)) > 0"
            + " OR strpos(lower(coalesce(u.email, '')), lower($1)) > 0)"
            + " AND ($2::text IS NULL OR ($2 = 'blocked' AND u.blocked) OR ($2 = 'flagged' AND u.flagged_at IS NOT NULL)"
            + " OR ($2 = 'admin' AND u.role = 'admin') OR ($2 = 'vip' AND u.role = 'vip'))";
    static final String USERS = "SELECT u.id, u.username, u.email, u.role, u.blocked, u.max_devices, u.created_at, u.last_login_at, "
            + "u.flagged_at, u.flag_reason, "
            + "(SELECT count(*) FROM devices d WHERE d.user_id = u.id AND d.deactivated_at IS NULL) AS devices, "
            + "(SELECT count(*) FROM licenses l WHERE l.user_id = u.id) AS licenses "
            + "FROM users u" + USERS_WHERE + " ORDER BY %s, u.id LIMIT $3 OFFSET $4";
    static final String USERS_COUNT = "SELECT count(*) FROM users u" + USERS_WHERE;
    /** Sort keys of the users list: only these reach the SQL text. */
    static final Map<String, String> USER_SORT = Map.of(
            "username", "lower(u.username)",
            "created", "u.created_at",
            "last_login", "u.last_login_at",
            "role", "u.role");

    static final String USERNAMES = "SELECT id, username FROM users WHERE id = ANY($1)";
    static final String USER_BY_NAME = "SELECT id FROM users WHERE lower(username) = lower($1)";

    static final String DEVICES_WHERE = " WHERE ($1::text IS NULL OR strpos(lower(u.username), lower($1)) > 0"
            + " OR strpos(lower(coalesce(d.name, '')), lower($1)) > 0 OR strpos(lower(coalesce(d.nickname, '')), lower($1)) > 0)"
            + " AND ($2 = 'all' OR ($2 = 'active' AND d.deactivated_at IS NULL)"
            + " OR ($2 = 'online' AND d.deactivated_at IS NULL AND d.last_seen_at > now() - " + ONLINE + ")"
            + " OR ($2 = 'inactive' AND d.deactivated_at IS NOT NULL))"
            + " AND ($3::uuid IS NULL OR d.user_id = $3)";
    static final String DEVICES = "SELECT d.id, d.user_id, u.username, d.name, d.nickname, d.created_at, d.last_seen_at, "
            + "d.deactivated_at, (d.deactivated_at IS NULL AND d.last_seen_at > now() - " + ONLINE + ") AS online, "
            + "(SELECT count(*) FROM activations a WHERE a.device_id = d.id) AS seats, "
            + "(SELECT coalesce(string_agg(k, ', ' ORDER BY k), '') FROM jsonb_object_keys(d.components) AS k) AS components "
            + "FROM devices d JOIN users u ON u.id = d.user_id" + DEVICES_WHERE
            + " ORDER BY d.deactivated_at IS NOT NULL, d.last_seen_at DESC, d.id LIMIT $4 OFFSET $5";
    static final String DEVICES_COUNT = "SELECT count(*) FROM devices d JOIN users u ON u.id = d.user_id" + DEVICES_WHERE;

    static final String SESSIONS_WHERE = " WHERE s.revoked_at IS NULL AND s.expires_at > now()"
            + " AND ($1::text IS NULL OR s.kind = $1) AND ($2::text IS NULL OR strpos(lower(u.username), lower($2)) > 0)"
            + " AND ($3::uuid IS NULL OR s.user_id = $3)";
    static final String SESSIONS = "SELECT s.id, s.user_id, u.username, s.kind, s.device_id, d.name AS device_name, s.ip, "
            + "s.user_agent, s.created_at, s.last_seen_at, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id "
            + "LEFT JOIN devices d ON d.id = s.device_id" + SESSIONS_WHERE
            + " ORDER BY s.last_seen_at DESC, s.id LIMIT $4 OFFSET $5";
    static final String SESSIONS_COUNT = "SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id" + SESSIONS_WHERE;

    static final String PRODUCT_COUNTS = "SELECT product_id, count(*) AS total, "
            + "count(*) FILTER (WHERE status = 'active' AND (expires_at IS NULL OR expires_at > now())) AS active, "
            + "count(*) FILTER (WHERE user_id IS NOT NULL) AS redeemed FROM licenses GROUP BY product_id";
    static final String PRODUCT_NAMES = "SELECT id, name FROM products ORDER BY lower(name)";

    static final String FILES_WHERE = " WHERE ($1::uuid IS NULL OR f.product_id = $1) AND ($2::text IS NULL OR f.status = $2)"
            + " AND ($3::text IS NULL OR f.channel = $3)";
    static final String FILES = "SELECT f.id, f.product_id, p.name AS product, f.name, f.version, f.channel, f.required_feature, "
            + "f.notes, f.size, f.status, f.created_at, encode(f.sha256, 'hex') AS sha256 "
            + "FROM files f JOIN products p ON p.id = f.product_id" + FILES_WHERE
            + " ORDER BY f.created_at DESC, f.id LIMIT $4 OFFSET $5";
    static final String FILES_COUNT = "SELECT count(*) FROM files f" + FILES_WHERE;
    static final String FILE_CHANNELS = "SELECT DISTINCT channel FROM files ORDER BY channel";

    // Overview statistics.
    static final String USER_STATS = "SELECT count(*) AS total, count(*) FILTER (WHERE blocked) AS blocked, "
            + "count(*) FILTER (WHERE flagged_at IS NOT NULL) AS flagged, "
            + "count(*) FILTER (WHERE last_login_at > now() - interval '24 hours' OR id IN (SELECT d.user_id FROM devices d "
            + "WHERE d.last_seen_at > now() - interval '24 hours')) AS active_24h FROM users u";
    static final String SESSION_STATS = "SELECT kind, count(*) AS n FROM sessions WHERE revoked_at IS NULL AND expires_at > now() "
            + "AND (kind <> 'web' OR last_seen_at > now() - make_interval(secs => $1)) GROUP BY kind";
    static final String LICENSE_STATS = "SELECT CASE WHEN status = 'active' AND expires_at <= now() THEN 'expired' ELSE status END "
            + "AS status, count(*) AS n FROM licenses GROUP BY 1";
    static final String EXPIRY_STATS = "SELECT "
            + "count(*) FILTER (WHERE expires_at > now() AND expires_at <= now() + interval '7 days') AS within_7d, "
            + "count(*) FILTER (WHERE expires_at > now() + interval '7 days' AND expires_at <= now() + interval '30 days') AS within_30d, "
            + "count(*) FILTER (WHERE expires_at > now() + interval '30 days' AND expires_at <= now() + interval '90 days') AS within_90d, "
            + "count(*) FILTER (WHERE expires_at > now() + interval '90 days') AS later, "
            + "count(*) FILTER (WHERE expires_at IS NULL AND duration_days IS NOT NULL) AS on_activation, "
            + "count(*) FILTER (WHERE expires_at IS NULL AND duration_days IS NULL) AS never "
            + "FROM licenses WHERE status = 'active' AND (expires_at IS NULL OR expires_at > now())";
    static final String DEVICE_STATS = "SELECT count(*) FILTER (WHERE deactivated_at IS NULL) AS active, "
            + "count(*) FILTER (WHERE deactivated_at IS NULL AND last_seen_at > now() - " + ONLINE + ") AS online FROM devices";
    /** Reads the last day's sign-ins from the action index of this month's partition (and last month's near its start). */
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
