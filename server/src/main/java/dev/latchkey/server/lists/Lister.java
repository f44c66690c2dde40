package dev.latchkey.server.lists;

import dev.latchkey.server.lists.ListQuery.Part;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Runs a {@link ListQuery}: one page in keyset order, and a total that never costs a count of a large table.
 *
 * <ul>
 *   <li>Total: the kept counter when the list has one and no search; otherwise rows are counted up to
 *       {@value #EXACT_UP_TO} (exact) when the planner expects that few, found cheaply ({@link #COUNT_COST});
 *       else an estimate is given, flagged as not exact: the list's own (a recount) or the planner's.</li>
 *   <li>Search: the matching ids are found through trigram indexes first, at most {@value #EXACT_UP_TO} + 1;
 *       when that many or fewer match, the page is read by those ids (and their number is the exact total).
 *       When more match, or the term is too short for trigrams ({@value #TRIGRAM} characters), the list walks
 *       its sort index testing each row, which fills a page quickly exactly because matches are common.</li>
 * </ul>
 *
 * <p>Each page is read in one read-only transaction with {@link #PLANNER} settings. Its statements are planned
 * for their values every time ({@code plan_cache_mode = force_custom_plan}): a cached prepared statement may
 * otherwise switch to a generic plan after five runs, and no generic plan suits these statements (it cannot tell a
 * common search term from a rare one, nor estimate a trigram match at all, so it reads the table). And they may
 * not read a table end to end ({@code enable_seqscan = off}): every list is built to walk an index (the query-plan
 * test checks each shape has one), but the planner weighs that against a sequential scan by its statistics, which
 * are stale wherever autovacuum is off or behind (a filter such as "seen in the last ten minutes" then looks empty,
 * and a scan of a million rows looks cheaper than a walk that would stop after a page). Planning costs about a
 * millisecond.
 */
public final class Lister {

    /** Up to this many rows a total is counted exactly; beyond, it is estimated. */
    public static final int EXACT_UP_TO = 1000;
    /**
     * The planner's cost above which counting up to {@link #EXACT_UP_TO} rows is not attempted (about a few hundred
     * pages read at random: tens of milliseconds). Counting a thousand devices of a time window in the newest-first
     * order was estimated at 5,900 and took 560 ms at a million devices (docs/decisions.md).
     */
    static final double COUNT_COST = 2_000;
    /** Trigram indexes need at least this many characters of the term. */
    static final int TRIGRAM = 3;

    private final Pool pool;

    public Lister(Pool pool) {
        this.pool = pool;
    }

    /** The LIKE pattern of rows containing {@code term}: its own {@code % _ \} match literally. */
    public static String contains(String term) {
        return "%" + term.trim().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    /**
     * One page of {@code q} in {@code order}; {@code row} turns a result row into the item (the order's
     * {@code _k*} columns are there too, and are not meant for the item).
     */
    public Future<ListPage> page(ListQuery q, KeyOrder order, boolean descending, PageRequest req, Function<Row, JsonObject> row) {
        return pool.withTransaction(conn -> conn.query(SETTINGS).execute()
                .compose(v -> page(conn, q, order, descending, req, row)));
    }

    /** How the planner treats a list's statements (see the class comment); set for the page's transaction only. */
    public static final String PLANNER = "SET LOCAL plan_cache_mode = force_custom_plan; SET LOCAL enable_seqscan = off";

    private static final String SETTINGS = "SET TRANSACTION READ ONLY; " + PLANNER;

    private Future<ListPage> page(SqlClient conn, ListQuery q, KeyOrder order, boolean descending, PageRequest req,
                                  Function<Row, JsonObject> row) {
        return narrowing(conn, q).compose(narrow -> {
            List<Part> extra = new ArrayList<>(narrow.condition());
            Future<Total> total = total(conn, q, order, descending, narrow, extra);
            boolean back = req.before() != null;
            String cursor = back ? req.before() : req.after();
            List<Part> pageExtra = new ArrayList<>(extra);
            if (cursor != null) {
                pageExtra.add(new Part(order.after(back != descending), order.values(cursor)));
            }
            Part page = q.page(order, back != descending, pageExtra, req.limit() + 1, req.offset());
            Future<List<Row>> rows = conn.preparedQuery(page.sql()).execute(ListQuery.tuple(page.args())).map(rs -> {
                List<Row> out = new ArrayList<>();
                rs.forEach(out::add);
                return out;
            });
            return Future.all(total, rows).map(x -> assemble(order, req, rows.result(), total.result(), row));
        });
    }

    private static ListPage assemble(KeyOrder order, PageRequest req, List<Row> fetched, Total total, Function<Row, JsonObject> row) {
        boolean more = fetched.size() > req.limit();
        List<Row> shown = new ArrayList<>(more ? fetched.subList(0, req.limit()) : fetched);
        boolean back = req.before() != null;
        if (back) {
            Collections.reverse(shown);
        }
        JsonArray items = new JsonArray();
        shown.forEach(r -> items.add(row.apply(r)));
        String first = shown.isEmpty() ? null : order.cursorOf(shown.get(0));
        String last = shown.isEmpty() ? null : order.cursorOf(shown.get(shown.size() - 1));
        // Going back, "more" means more rows before; going forward (or from the start), more rows after.
        String next = back ? last : more ? last : null;
        String prev = back ? (more ? first : null) : (req.after() != null ? first : null);
        if (req.after() == null && !back && !more) {
            // The whole list fits on this page: its length is the total, whatever was counted or estimated.
            return new ListPage(items, (long) req.offset() + items.size(), true, next, prev);
        }
        return new ListPage(items, total.n(), total.exact(), next, prev);
    }

    /** The search's condition on the page: found ids ({@code byIds}), the row test ({@code scan}), or none. */
    private record Narrowing(List<Part> condition, boolean byIds, boolean scan) {
    }

    /** How the search narrows the list: by found ids (with their exact number), by the row test, or not at all. */
    private static Future<Narrowing> narrowing(SqlClient conn, ListQuery q) {
        ListQuery.Search s = q.search();
        if (s == null) {
            return Future.succeededFuture(new Narrowing(List.of(), false, false));
        }
        if (s.term().length() < TRIGRAM) {
            return Future.succeededFuture(new Narrowing(List.of(s.scan()), false, true));
        }
        Part found = q.candidates(EXACT_UP_TO + 1);
        return conn.preparedQuery(found.sql()).execute(ListQuery.tuple(found.args())).map(rs -> {
            List<UUID> ids = new ArrayList<>(rs.size());
            rs.forEach(r -> ids.add(r.getUUID(0)));
            if (ids.size() > EXACT_UP_TO) {
                return new Narrowing(List.of(s.scan()), false, true);
            }
            return new Narrowing(List.of(Part.of(q.idColumn() + " = ANY(?::uuid[])", (Object) ids.toArray(new UUID[0]))),
                    true, false);
        });
    }

    private record Total(long n, boolean exact) {
    }

    private static Future<Total> total(SqlClient conn, ListQuery q, KeyOrder order, boolean descending, Narrowing narrow,
                                       List<Part> extra) {
        Part count = q.cappedCount(order, descending, extra, EXACT_UP_TO + 1);
        if (narrow.byIds()) {
            // At most EXACT_UP_TO ids were found: counting them with the list's conditions is exact and cheap.
            return conn.preparedQuery(count.sql()).execute(ListQuery.tuple(count.args()))
                    .map(rs -> new Total(rs.iterator().next().getLong(0), true));
        }
        if (narrow.scan()) {
            // More than EXACT_UP_TO ids matched (or the term was too short to look them up): estimate the match.
            long floor = q.search().term().length() < TRIGRAM ? 0 : EXACT_UP_TO + 1;
            return estimate(conn, q, List.of(q.search().like())).map(n -> new Total(Math.max(n, floor), false));
        }
        if (q.counted() != null) {
            return q.counted().get().map(n -> new Total(n, true));
        }
        // Count only what the planner expects to be few rows found cheaply: a filter that lets few rows through
        // the list's index walk (a time window, a rare kind) would otherwise read far more than it counts.
        Part explain = q.explain(count);
        return conn.preparedQuery(explain.sql()).execute(ListQuery.tuple(explain.args())).compose(rs -> {
            JsonObject plan = plan(rs.iterator().next().getValue(0));
            long expected = Math.round(limited(plan).getDouble("Plan Rows"));
            if (expected > EXACT_UP_TO || plan.getDouble("Total Cost") > COUNT_COST) {
                return q.estimated() != null ? q.estimated().get().map(n -> new Total(n, false))
                        : Future.succeededFuture(new Total(expected, false));
            }
            return conn.preparedQuery(count.sql()).execute(ListQuery.tuple(count.args())).compose(c -> {
                long n = c.iterator().next().getLong(0);
                return n <= EXACT_UP_TO ? Future.succeededFuture(new Total(n, true))
                        : Future.succeededFuture(new Total(Math.max(expected, n), false));
            });
        });
    }

    /** The top node of an EXPLAIN (FORMAT JSON) answer. */
    private static JsonObject plan(Object explained) {
        JsonArray a = explained instanceof JsonArray j ? j : new JsonArray(explained.toString());
        return a.getJsonObject(0).getJsonObject("Plan");
    }

    /** What the capped count's LIMIT reads from: its row estimate is the planner's estimate of every matching row. */
    private static JsonObject limited(JsonObject node) {
        if ("Limit".equals(node.getString("Node Type")) && node.getJsonArray("Plans") != null) {
            return node.getJsonArray("Plans").getJsonObject(0);
        }
        JsonArray children = node.getJsonArray("Plans");
        if (children != null) {
            for (int i = 0; i < children.size(); i++) {
                JsonObject found = limited(children.getJsonObject(i));
                if (found != null) {
                    return found;
                }
            }
        }
        return node;
    }

    private static Future<Long> estimate(SqlClient conn, ListQuery q, List<Part> extra) {
        Part explain = q.estimate(extra);
        return conn.preparedQuery(explain.sql()).execute(ListQuery.tuple(explain.args())).map(rs -> {
            return Math.round(plan(rs.iterator().next().getValue(0)).getDouble("Plan Rows"));
        });
    }
}
