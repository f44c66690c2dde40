package dev.latchkey.server.auth;

import dev.latchkey.server.support.Fleet;
import dev.latchkey.server.support.PlannedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Sessions and refresh tokens: sign-in, refresh, session liveness, revocation, the admin sessions list. */
public final class SessionStatements {

    private SessionStatements() {
    }

    public static List<PlannedStatement> all(Fleet.Sample s) {
        OffsetDateTime later = OffsetDateTime.now(ZoneOffset.UTC).plusDays(7);
        UUID fresh = UUID.randomUUID();
        return List.of(
                PlannedStatement.of("sign-in", "SessionSql.INSERT", SessionSql.INSERT, fresh, s.userId(), "client", null, s.deviceId(),
                        "10.0.0.1", "test", later),
                PlannedStatement.of("sign-in", "SessionSql.INSERT_REFRESH", SessionSql.INSERT_REFRESH, s.refreshHash(), s.sessionId(), later),
                PlannedStatement.of("web session", "SessionSql.WEB_BY_HASH", SessionSql.WEB_BY_HASH, s.webTokenHash()),
                PlannedStatement.of("web session", "SessionSql.TOUCH", SessionSql.TOUCH, s.sessionId()),
                PlannedStatement.of("refresh", "SessionSql.SPEND_REFRESH", SessionSql.SPEND_REFRESH, s.refreshHash()),
                PlannedStatement.of("refresh", "SessionSql.STATE", SessionSql.STATE, s.sessionId()),
                PlannedStatement.of("refresh", "SessionSql.EXTEND", SessionSql.EXTEND, s.sessionId(), later),
                PlannedStatement.of("refresh", "SessionSql.FIND_REFRESH", SessionSql.FIND_REFRESH, s.refreshHash()),
                PlannedStatement.of("revocation", "SessionSql.REVOKE", SessionSql.REVOKE, s.sessionId(), "admin"),
                PlannedStatement.of("revocation", "SessionSql.REVOKE_ALL", SessionSql.REVOKE_ALL, s.userId(), "admin"),
                PlannedStatement.of("revocation", "SessionSql.REVOKE_DEVICES", SessionSql.REVOKE_DEVICES, new UUID[] {s.deviceId()}, "admin"));
    }

    /** The admin API's sessions list: live ones, all, one user's. */
    public static List<PlannedStatement> lists(Fleet.Sample s) {
        List<PlannedStatement> out = new ArrayList<>();
        out.addAll(PlannedStatement.list("admin sessions list", "SessionRepository.list", SessionRepository.listQuery(null, false),
                SessionList.NEWEST, true));
        out.addAll(PlannedStatement.list("admin sessions list", "SessionRepository.list with ended", SessionRepository.listQuery(null, true),
                SessionList.NEWEST, true));
        out.addAll(PlannedStatement.list("admin sessions list", "SessionRepository.list of user",
                SessionRepository.listQuery(s.userId(), true), SessionList.NEWEST, true));
        return out;
    }
}
