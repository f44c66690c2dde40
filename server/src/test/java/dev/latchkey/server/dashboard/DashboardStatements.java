package dev.latchkey.server.dashboard;

import dev.latchkey.server.accounts.UserList;
import dev.latchkey.server.auth.SessionList;
import dev.latchkey.server.devices.DeviceList;
import dev.latchkey.server.lists.RowCounts;
import dev.latchkey.server.support.Fleet;
import dev.latchkey.server.support.PlannedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The dashboard's own reads: its lists in every filter and order, the overview's statistics, lookups of names. */
public final class DashboardStatements {

    /** Counters are read by the lists only when they run, never while their statements are built. */
    private static final RowCounts COUNTS = new RowCounts(null);

    /** A term that matches about a hundred usernames of the fleet (ids path), and one that matches all (row test). */
    static final String FEW = "user00012";
    static final String MANY = "user";

    private DashboardStatements() {
    }

    public static List<PlannedStatement> all(Fleet.Sample s) {
        List<PlannedStatement> out = new ArrayList<>();
        for (String filter : UserList.FILTERS) {
            for (var order : UserList.ORDERS.values()) {
                for (boolean desc : new boolean[] {true, false}) {
                    out.addAll(PlannedStatement.list("dashboard users", "users " + filter, DashboardReads.usersQuery(null, filter, COUNTS),
                            order, desc));
                }
            }
            out.addAll(PlannedStatement.list("dashboard users", "users " + filter + " search",
                    DashboardReads.usersQuery(FEW, filter, COUNTS), UserList.ORDERS.get("created"), true));
        }
        for (var order : UserList.ORDERS.values()) {
            out.addAll(PlannedStatement.list("dashboard users", "users search", DashboardReads.usersQuery(MANY, "all", COUNTS), order, false));
        }
        for (String state : DeviceList.STATES) {
            out.addAll(PlannedStatement.list("dashboard devices", "devices " + state, DashboardReads.devicesQuery(null, state, null, COUNTS),
                    DeviceList.NEWEST, true));
            out.addAll(PlannedStatement.list("dashboard devices", "devices " + state + " search",
                    DashboardReads.devicesQuery(FEW, state, null, COUNTS), DeviceList.NEWEST, true));
        }
        out.addAll(PlannedStatement.list("dashboard user page", "devices of user", DashboardReads.devicesQuery(null, "all", s.userId(), COUNTS),
                DeviceList.NEWEST, true));
        for (String kind : new String[] {null, "web", "client", "api"}) {
            out.addAll(PlannedStatement.list("dashboard sessions", "sessions " + (kind == null ? "any" : kind),
                    DashboardReads.sessionsQuery(kind, null, null), SessionList.NEWEST, true));
            out.addAll(PlannedStatement.list("dashboard sessions", "sessions " + (kind == null ? "any" : kind) + " search",
                    DashboardReads.sessionsQuery(kind, FEW, null), SessionList.NEWEST, true));
        }
        out.addAll(PlannedStatement.list("dashboard user page", "sessions of user", DashboardReads.sessionsQuery(null, null, s.userId()),
                SessionList.NEWEST, true));
        out.add(PlannedStatement.of("dashboard products", "DashboardSql.PAST_DUE_BY_PRODUCT", DashboardSql.PAST_DUE_BY_PRODUCT));
        out.add(PlannedStatement.of("dashboard products", "DashboardSql.PRODUCT_NAMES", DashboardSql.PRODUCT_NAMES));
        out.add(PlannedStatement.of("dashboard files", "DashboardSql.FILES", DashboardSql.FILES, null, null, null, 25, 0));
        out.add(PlannedStatement.of("dashboard files", "DashboardSql.FILES_COUNT", DashboardSql.FILES_COUNT, null, null, null));
        out.add(PlannedStatement.of("dashboard files", "DashboardSql.FILE_CHANNELS", DashboardSql.FILE_CHANNELS));
        out.add(PlannedStatement.of("dashboard", "DashboardSql.USERNAMES", DashboardSql.USERNAMES, (Object) new UUID[] {s.userId()}));
        out.add(PlannedStatement.of("dashboard", "DashboardSql.USER_BY_NAME", DashboardSql.USER_BY_NAME, s.username()));
        out.add(PlannedStatement.of("overview", "RowCounts.READ", PlannedStatement.constant(RowCounts.class, "READ"),
                (Object) new String[] {"users", "devices.active"}));
        out.add(PlannedStatement.of("overview", "DashboardSql.LICENSES_PAST_DUE", DashboardSql.LICENSES_PAST_DUE));
        out.add(PlannedStatement.of("overview", "DashboardSql.EXPIRY_RANGES", DashboardSql.EXPIRY_RANGES));
        out.add(PlannedStatement.of("overview recount", "DashboardSql.RECOUNT_ONLINE", DashboardSql.RECOUNT_ONLINE));
        out.add(PlannedStatement.of("overview recount", "DashboardSql.RECOUNT_ACTIVE_USERS", DashboardSql.RECOUNT_ACTIVE_USERS));
        out.add(PlannedStatement.of("overview recount", "DashboardSql.SESSION_STATS", DashboardSql.SESSION_STATS, 1800.0));
        out.add(PlannedStatement.of("overview (audit)", "DashboardSql.LOGIN_STATS", DashboardSql.LOGIN_STATS));
        out.add(PlannedStatement.of("overview (audit)", "DashboardSql.RECENT_EVENTS", DashboardSql.RECENT_EVENTS, 25));
        return out;
    }
}
