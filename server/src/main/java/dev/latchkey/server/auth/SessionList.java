package dev.latchkey.server.auth;

import dev.latchkey.server.lists.KeyOrder;
import dev.latchkey.server.lists.ListQuery;
import dev.latchkey.server.lists.ListQuery.Part;
import dev.latchkey.server.lists.Lister;
import java.util.List;
import java.util.UUID;

/**
 * The sessions list (admin API and dashboard), newest first. Not by last use: a token refresh rewrites the
 * session's {@code last_seen_at} and {@code expires_at}, and an index on either would make every refresh update
 * every index of the table (docs/decisions.md). Live sessions page through {@code sessions_live_created}.
 */
public final class SessionList {

    public static final List<String> KINDS = List.of("web", "client", "api");

    /** Not revoked and not expired. */
    public static final String LIVE = "s.revoked_at IS NULL AND s.expires_at > now()";

    public static final KeyOrder NEWEST = KeyOrder.of("created", KeyOrder.timestamp("s.created_at"), KeyOrder.uuid("s.id"));

    private SessionList() {
    }

    /**
     * Sessions, live ones only unless {@code includeEnded}, of one {@code kind} and one {@code userId} when given,
     * whose user's name contains {@code q} when given. {@code from} joins {@code sessions s} to {@code users u}.
     */
    public static ListQuery query(String select, String from, boolean includeEnded, String kind, UUID userId, String q) {
        ListQuery list = new ListQuery(select, from, "s.id");
        StringBuilder extra = new StringBuilder();
        List<Object> extraArgs = new java.util.ArrayList<>();
        if (!includeEnded) {
            list.where(LIVE);
            extra.append(" AND ").append(LIVE);
        }
        if (kind != null) {
            list.where("s.kind = ?", kind);
            extra.append(" AND s.kind = ?");
            extraArgs.add(kind);
        }
        if (userId != null) {
            list.where("s.user_id = ?", userId);
            extra.append(" AND s.user_id = ?");
            extraArgs.add(userId);
        }
        if (q != null && !q.isBlank()) {
            String like = Lister.contains(q);
            List<Object> args = new java.util.ArrayList<>(List.of(like));
            args.addAll(extraArgs);
            list.search(q, List.of(new Part("SELECT s.id FROM users u JOIN sessions s ON s.user_id = u.id "
                            + "WHERE lower(u.username) LIKE lower(?)" + extra, args)),
                    Part.of("strpos(lower(u.username), lower(?)) > 0", q.trim()),
                    Part.of("lower(u.username) LIKE lower(?)", like));
        }
        return list;
    }
}
