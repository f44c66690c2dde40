package dev.latchkey.server.audit;

/** The audit trail's fixed statements; searches are written per filter by {@link AuditQuery}. */
final class AuditSql {

    /**
     * A whole batch in one statement: one array per column, unnested into rows. One statement is
     * atomic on its own (no BEGIN/COMMIT round trips) and far cheaper for PostgreSQL than one
     * INSERT per row.
     */
    static final String INSERT = "INSERT INTO audit_events (occurred_at, actor_id, actor_name, action, target_type, target_id, "
            + "ip, user_agent, outcome, details) SELECT occurred_at, actor_id, actor_name, action, target_type, target_id, ip, "
            + "user_agent, outcome, details::jsonb FROM unnest($1::timestamptz[], $2::uuid[], $3::text[], $4::text[], $5::text[], "
            + "$6::text[], $7::text[], $8::text[], $9::text[], $10::text[]) AS e(occurred_at, actor_id, actor_name, action, "
            + "target_type, target_id, ip, user_agent, outcome, details)";

    /**
     * Every distinct action in the trail, one index probe each (a loose index scan: about fifty actions, so
     * about fifty probes per partition), from which an action filter's prefix is resolved.
     */
    static final String ACTIONS = "WITH RECURSIVE a(action) AS ("
            + "(SELECT ev.action FROM audit_events ev ORDER BY ev.action LIMIT 1) "
            + "UNION ALL SELECT (SELECT ev.action FROM audit_events ev WHERE ev.action > a.action ORDER BY ev.action LIMIT 1) "
            + "FROM a WHERE a.action IS NOT NULL) SELECT action FROM a WHERE action IS NOT NULL";

    /** Plans of this transaction's statements are made for their parameters' values (see AuditRepository). */
    static final String CUSTOM_PLANS = "SET LOCAL plan_cache_mode = force_custom_plan";

    /** The account an actor filter names, and its username as stored (usernames are unique whatever their case). */
    static final String USER_ID_BY_NAME = "SELECT id, username FROM users WHERE lower(username) = lower($1::text)";

    private AuditSql() {
    }
}
