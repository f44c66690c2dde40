package dev.latchkey.server.audit;

import dev.latchkey.server.support.Fleet;
import dev.latchkey.server.support.PlannedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** The audit trail's search (admin API, dashboard audit page, a user's recent events). */
public final class AuditStatements {

    private AuditStatements() {
    }

    public static List<PlannedStatement> all(Fleet.Sample s) {
        OffsetDateTime dayAgo = OffsetDateTime.now(ZoneOffset.UTC).minusDays(1);
        String user = s.userId().toString();
        return List.of(
                PlannedStatement.of("audit", "AuditSql.SEARCH", AuditSql.SEARCH, null, null, null, null, null, null, 100, 0),
                PlannedStatement.of("audit", "AuditSql.COUNT", AuditSql.COUNT, null, null, null, null, null, null),
                PlannedStatement.of("audit", "AuditSql.SEARCH action", AuditSql.SEARCH, "auth", null, null, null, null, null, 100, 0),
                PlannedStatement.of("audit", "AuditSql.COUNT action", AuditSql.COUNT, "auth", null, null, null, null, null),
                PlannedStatement.of("audit", "AuditSql.SEARCH actor", AuditSql.SEARCH, null, user, null, null, null, null, 25, 0),
                PlannedStatement.of("audit", "AuditSql.COUNT actor", AuditSql.COUNT, null, user, null, null, null, null),
                PlannedStatement.of("audit", "AuditSql.SEARCH target", AuditSql.SEARCH, null, null, user, null, null, null, 25, 0),
                PlannedStatement.of("audit", "AuditSql.SEARCH since", AuditSql.SEARCH, null, null, null, null, dayAgo, null, 100, 0));
    }
}
