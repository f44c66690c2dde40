package dev.latchkey.server.audit;

final class AuditSql {

    static final String INSERT = "INSERT INTO audit_events (occurred_at, actor_id, actor_name, action, target_type, target_id, "
            + "ip, user_agent, outcome, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

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
