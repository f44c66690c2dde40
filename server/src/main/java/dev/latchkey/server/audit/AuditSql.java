package dev.latchkey.server.audit;

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

    /** Filters are optional: a null parameter matches everything. An action also matches as a prefix ("auth" finds auth.*). */
    static final String SEARCH_WHERE = " WHERE ($1::text IS NULL OR action = $1 OR action LIKE $1 || '.%')"
            + " AND ($2::text IS NULL OR actor_name = $2 OR actor_id::text = $2)"
            + " AND ($3::text IS NULL OR target_id = $3)"
            + " AND ($4::text IS NULL OR ip = $4)"
            + " AND ($5::timestamptz IS NULL OR occurred_at >= $5)"
            + " AND ($6::timestamptz IS NULL OR occurred_at < $6)";

    static final String SEARCH = "SELECT id, occurred_at, actor_id, actor_name, action, target_type, target_id, ip, user_agent, "
            + "outcome, details FROM audit_events" + SEARCH_WHERE + " ORDER BY occurred_at DESC, id DESC LIMIT $7 OFFSET $8";

    static final String COUNT = "SELECT count(*) FROM audit_events" + SEARCH_WHERE;

    private AuditSql() {
    }
}
