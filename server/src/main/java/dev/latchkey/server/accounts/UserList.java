package dev.latchkey.server.accounts;

import dev.latchkey.server.lists.KeyOrder;
import dev.latchkey.server.lists.ListQuery;
import dev.latchkey.server.lists.ListQuery.Part;
import dev.latchkey.server.lists.Lister;
import dev.latchkey.server.lists.RowCounts;
import java.util.List;
import java.util.Map;

/**
 * The users list (admin API and dashboard): search in usernames and emails, a filter, four orders. Each order
 * and filter has an index of migration V5 ({@code users_created}, {@code users_username_ci},
 * {@code users_last_login}, {@code users_role_id}, {@code users_blocked}, {@code users_flagged}); totals without
 * a search come from the kept row counts.
 */
public final class UserList {

    public static final List<String> FILTERS = List.of("all", "blocked", "flagged", "admin", "vip");

    /** Never signed in sorts as the oldest sign-in; the expression is the one indexed by users_last_login. */
    public static final String LAST_LOGIN = "coalesce(u.last_login_at, '1970-01-01 00:00:00+00'::timestamptz)";

    public static final Map<String, KeyOrder> ORDERS = Map.of(
            "created", KeyOrder.of("created", KeyOrder.timestamp("u.created_at"), KeyOrder.uuid("u.id")),
            "username", KeyOrder.of("username", KeyOrder.text("lower(u.username)"), KeyOrder.uuid("u.id")),
            "last_login", KeyOrder.of("last_login", KeyOrder.timestamp(LAST_LOGIN), KeyOrder.uuid("u.id")),
            "role", KeyOrder.of("role", KeyOrder.text("u.role"), KeyOrder.uuid("u.id")));

    private static final Map<String, String> CONDITIONS = Map.of(
            "blocked", "u.blocked",
            "flagged", "u.flagged_at IS NOT NULL",
            "admin", "u.role = 'admin'",
            "vip", "u.role = 'vip'");

    private static final Map<String, String> COUNTERS = Map.of(
            "all", "users",
            "blocked", "users.blocked",
            "flagged", "users.flagged",
            "admin", "users.role.admin",
            "vip", "users.role.vip");

    private UserList() {
    }

    /**
     * Users matching {@code q} (part of a username or email, any case; null for all) and {@code filter} (one of
     * {@link #FILTERS}), with the result columns {@code select} over {@code users u}.
     */
    public static ListQuery query(String select, String q, String filter, RowCounts counts) {
        ListQuery list = new ListQuery(select, "users u", "u.id");
        String condition = CONDITIONS.get(filter);
        if (condition != null) {
            list.where(condition);
        }
        if (q != null && !q.isBlank()) {
            String like = Lister.contains(q);
            String term = q.trim();
            list.search(q, List.of(
                    Part.of("SELECT u.id FROM users u WHERE (lower(u.username) LIKE lower(?) OR lower(u.email) LIKE lower(?))"
                            + (condition == null ? "" : " AND " + condition), like, like)),
                    Part.of("strpos(lower(u.username), lower(?)) > 0 OR strpos(lower(coalesce(u.email, '')), lower(?)) > 0", term, term),
                    Part.of("lower(u.username) LIKE lower(?) OR lower(u.email) LIKE lower(?)", like, like));
        }
        String counter = COUNTERS.getOrDefault(filter, "users");
        return list.counted(() -> counts.get(counter));
    }
}
