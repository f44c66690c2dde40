package dev.latchkey.server.accounts;

import dev.latchkey.server.support.Fleet;
import dev.latchkey.server.support.PlannedStatement;
import dev.latchkey.server.lists.KeyOrder;
import dev.latchkey.server.lists.RowCounts;
import java.util.ArrayList;
import java.util.List;

/** The accounts feature's statements on the sign-in path and the admin users list, for the query-plan test. */
public final class AccountStatements {

    private AccountStatements() {
    }

    public static List<PlannedStatement> all(Fleet.Sample s) {
        return List.of(
                PlannedStatement.of("sign-in", "UserSql.BY_USERNAME", UserSql.BY_USERNAME, s.username()),
                PlannedStatement.of("sign-in", "UserSql.LOCK", UserSql.LOCK, s.userId()),
                PlannedStatement.of("sign-in", "UserSql.TOUCH_LOGIN", UserSql.TOUCH_LOGIN, s.userId()),
                PlannedStatement.of("client api", "UserSql.BY_ID", UserSql.BY_ID, s.userId()),
                PlannedStatement.of("admin", "UserSql.UPDATE", UserSql.UPDATE, s.userId(), true, null, null, false, null, false),
                PlannedStatement.of("start", "UserSql.ANY_ADMIN", UserSql.ANY_ADMIN));
    }

    /** The admin API's users list, with and without a search (ids of few matches, or the row test of many). */
    public static List<PlannedStatement> lists(Fleet.Sample s) {
        List<PlannedStatement> out = new ArrayList<>();
        KeyOrder newest = UserList.ORDERS.get("created");
        out.addAll(PlannedStatement.list("admin users list", "UserRepository.list", UserRepository.listQuery(null, COUNTS), newest, true));
        out.addAll(PlannedStatement.list("admin users list", "UserRepository.list search", UserRepository.listQuery("r00042", COUNTS),
                newest, true));
        return out;
    }

    /** Counters are read by the lists only when they run, never while their statements are built. */
    private static final RowCounts COUNTS = new RowCounts(null);
}
