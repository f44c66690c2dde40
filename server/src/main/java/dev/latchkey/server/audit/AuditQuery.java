package dev.latchkey.server.audit;

import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The SQL of one audit search, written for the filters it has: only those become predicates, so each
 * combination is its own statement, planned with the index that fits it. (One statement with
 * {@code ($1 IS NULL OR action = $1)} for every filter cannot use an index for any of them.)
 *
 * <p>Every list is newest first, by {@code (occurred_at, id)}, and every index of {@code audit_events}
 * ends in those columns, so a search with one equality reads its rows in index order and stops after a
 * page. Where a filter stands for several values (an action prefix such as {@code auth}, a username that
 * also appears as a bare name) each value is a run of its own, read that way and merged with the others
 * ({@code UNION ALL} of short ordered runs): several values in one index range come out unordered and
 * would be sorted whole. The values are parameters of their own, so the planner sees each one (a
 * frequent action and a rare one deserve different plans).
 */
final class AuditQuery {

    static final String COLUMNS = "ev.id, ev.occurred_at, ev.actor_id, ev.actor_name, ev.action, ev.target_type, ev.target_id, "
            + "ev.ip, ev.user_agent, ev.outcome, ev.details";

    /**
     * A search in SQL terms.
     *
     * @param actions   exact actions (an action prefix resolved against the trail), null for any
     * @param actorId   events whose actor is this account, or null
     * @param actorName events with no actor id whose actor name is this, or null; with {@code actorId} too,
     *                  either matches (a username: its account's events, and failed sign-ins under that name
     *                  from before it existed)
     */
    record Criteria(List<String> actions, UUID actorId, String actorName, String target, String ip, OffsetDateTime since,
                    OffsetDateTime until) {
    }

    record Statement(String sql, Tuple args) {
    }

    private final List<Object> args = new ArrayList<>();
    /** Conditions every row must meet. */
    private final List<String> common = new ArrayList<>();
    /** The runs: one condition each, read separately and merged; a single empty one when nothing splits the search. */
    private final List<String> runs = new ArrayList<>();
    /** The same search without runs, as one condition (for the estimate). */
    private final List<String> flat = new ArrayList<>();

    private AuditQuery(Criteria c) {
        List<String> identities = new ArrayList<>();
        String actorId = c.actorId() == null ? null : param(c.actorId(), "uuid");
        String actorName = c.actorName() == null ? null : param(c.actorName(), "text");
        if (actorId != null) {
            identities.add("ev.actor_id = " + actorId);
        }
        if (actorName != null) {
            identities.add("ev.actor_id IS NULL AND ev.actor_name = " + actorName);
        }
        if (c.target() != null) {
            common.add("ev.target_id = " + param(c.target(), "text"));
        }
        if (c.ip() != null) {
            common.add("ev.ip = " + param(c.ip(), "text"));
        }
        List<String> actions = new ArrayList<>();
        if (c.actions() != null) {
            c.actions().forEach(a -> actions.add("ev.action = " + param(a, "text")));
        }
        String anyAction = actions.size() == 1 ? actions.get(0) : "(" + String.join(" OR ", actions) + ")";
        if (!actions.isEmpty() && identities.isEmpty() && common.isEmpty()) {
            // Only the action narrows the search: a run per action, each in order from the action index.
            runs.addAll(actions);
        } else {
            // An actor, target or address narrows it (usually to far fewer events than an action): runs per
            // identity, the action a condition on the rows read.
            if (!actions.isEmpty()) {
                common.add(anyAction);
            }
            runs.addAll(identities.isEmpty() ? List.of("") : identities);
        }
        if (c.since() != null) {
            common.add("ev.occurred_at >= " + param(c.since(), "timestamptz"));
        }
        if (c.until() != null) {
            common.add("ev.occurred_at < " + param(c.until(), "timestamptz"));
        }
        // The estimate names the actor by one column. With "actor_id IS NULL AND actor_name = ..." PostgreSQL would
        // multiply the two selectivities as if unrelated, while an event named by a bare name never has an id: 16,862
        // estimated for the 225,000 events of "system" (BENCHMARKS.md). For a username it counts the account's events,
        // the bulk of them (the others are failed sign-ins under that name from before the account existed).
        if (actorId != null) {
            flat.add("ev.actor_id = " + actorId);
        } else if (actorName != null) {
            flat.add("ev.actor_name = " + actorName);
        }
        if (!actions.isEmpty() && !common.contains(anyAction)) {
            flat.add(anyAction);
        }
        flat.addAll(common);
    }

    /**
     * One page: {@code limit + 1} rows (the extra one says whether there is more) after {@code offset} rows,
     * older than {@code after} (newest first), or newer than {@code before} (then oldest first: the caller
     * reverses them), or from the newest.
     */
    static Statement page(Criteria c, AuditCursor after, AuditCursor before, int limit, int offset) {
        AuditQuery q = new AuditQuery(c);
        boolean ascending = before != null;
        AuditCursor from = ascending ? before : after;
        if (from != null) {
            String t = q.param(from.time(), "timestamptz");
            String id = q.param(from.id(), "bigint");
            // The plain bound prunes partitions; the row comparison is the exact position (ties on time go by id).
            q.common.add(ascending ? "ev.occurred_at >= " + t + " AND (ev.occurred_at, ev.id) > (" + t + ", " + id + ")"
                    : "ev.occurred_at <= " + t + " AND (ev.occurred_at, ev.id) < (" + t + ", " + id + ")");
        }
        String dir = ascending ? " ASC" : " DESC";
        String rows = rowCount(limit + 1L);
        String skip = offset > 0 ? " OFFSET " + rowCount(offset) : "";
        if (q.runs.size() == 1) {
            return q.statement("SELECT " + COLUMNS + " FROM audit_events ev" + q.where(q.runs.get(0)) + order("ev", dir)
                    + " LIMIT " + rows + skip);
        }
        String merged = q.union(COLUMNS, dir, rowCount(limit + 1L + offset));
        return q.statement("SELECT * FROM (" + merged + ") AS e" + order("e", dir) + " LIMIT " + rows + skip);
    }

    /** The number of matching rows, counted up to {@code cap} (a bounded walk of the same indexes as a page). */
    static Statement count(Criteria c, int cap) {
        AuditQuery q = new AuditQuery(c);
        String n = rowCount(cap);
        if (q.runs.size() == 1) {
            return q.statement("SELECT count(*) AS n FROM (SELECT 1 FROM audit_events ev" + q.where(q.runs.get(0))
                    + order("ev", " DESC") + " LIMIT " + n + ") AS c");
        }
        return q.statement("SELECT count(*) AS n FROM (SELECT 1 FROM (" + q.union("ev.occurred_at, ev.id", " DESC", n)
                + ") AS e LIMIT " + n + ") AS c");
    }

    /**
     * The planner's estimate of the matching rows ({@code EXPLAIN}, never run): the total shown when
     * counting would cost more than the page.
     */
    static Statement estimate(Criteria c) {
        AuditQuery q = new AuditQuery(c);
        return q.statement("EXPLAIN (FORMAT JSON) SELECT 1 FROM audit_events ev" + where(q.flat));
    }

    /** Each run newest first (oldest, ascending), at most {@code limit} rows each. */
    private String union(String select, String dir, String limit) {
        List<String> out = new ArrayList<>();
        for (String run : runs) {
            out.add("(SELECT " + select + " FROM audit_events ev" + where(run) + order("ev", dir) + " LIMIT " + limit + ")");
        }
        return String.join(" UNION ALL ", out);
    }

    private String where(String run) {
        List<String> all = new ArrayList<>();
        if (!run.isEmpty()) {
            all.add(run);
        }
        all.addAll(common);
        return where(all);
    }

    private static String where(List<String> conditions) {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static String order(String alias, String dir) {
        return " ORDER BY " + alias + ".occurred_at" + dir + ", " + alias + ".id" + dir;
    }

    /**
     * A row count written into the statement, never a parameter: with {@code LIMIT $n} a generic plan cannot
     * know the page is small, assumes a tenth of the table is wanted and plans for that (on 5 million events:
     * an ordered scan of the whole time index filtered by action, and half a second of JIT compilation
     * before a query that then takes 6 ms). A page size takes a handful of values, so the statements stay few.
     */
    private static String rowCount(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative row count " + n);
        }
        return Long.toString(n);
    }

    /** A new parameter, with its type spelled out so the statement means the same prepared or planned generically. */
    private String param(Object value, String type) {
        args.add(value);
        return "$" + args.size() + "::" + type;
    }

    private Statement statement(String sql) {
        return new Statement(sql, Tuple.from(args));
    }
}
