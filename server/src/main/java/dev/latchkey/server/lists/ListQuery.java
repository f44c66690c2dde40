package dev.latchkey.server.lists;

import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * What one list shows: columns, tables, filters and, optionally, a search term, each condition written with
 * {@code ?} for its values (numbered {@code $1, $2, ...} when the statement is built). Only text written here
 * in code reaches the SQL; every value from a request is a parameter. {@link Lister} runs it.
 *
 * <p>A search has two forms, because no single plan is quick for both kinds of term: {@link #search} gives the
 * statements that find matching ids through trigram indexes (quick when few rows match), and a condition the
 * list can test row by row while it walks its sort index (quick when many match, since a page fills at once).
 */
public final class ListQuery {

    private final String select;
    private final String from;
    private final String id;
    private final List<String> conditions = new ArrayList<>();
    private final List<Object> args = new ArrayList<>();
    private Search search;
    private Supplier<Future<Long>> counted;
    private Supplier<Future<Long>> estimated;

    /**
     * A search: the statements listing matching ids (each {@code SELECT <id> ...}), the row-by-row test, and the
     * match as {@code LIKE} conditions for the planner to estimate (it has statistics for those expressions).
     */
    record Search(String term, List<Part> candidates, Part scan, Part like) {
    }

    /** A piece of SQL with its values. */
    public record Part(String sql, List<Object> args) {
        public static Part of(String sql, Object... args) {
            return new Part(sql, Arrays.asList(args));
        }
    }

    /**
     * @param select the result columns, e.g. {@code "u.id, u.username"}
     * @param from   tables and joins, e.g. {@code "devices d JOIN users u ON u.id = d.user_id"}
     * @param id     the unique id column of a row, e.g. {@code "d.id"}
     */
    public ListQuery(String select, String from, String id) {
        this.select = select;
        this.from = from;
        this.id = id;
    }

    /** Adds a condition every listed row meets. */
    public ListQuery where(String condition, Object... values) {
        conditions.add(condition);
        args.addAll(Arrays.asList(values));
        return this;
    }

    /**
     * Adds a search for {@code term} (as typed; may be null or blank for none). {@code candidates} each select
     * the ids of matching rows, with the list's other conditions, through trigram indexes ({@code LIKE} with
     * {@link Lister#contains}); {@code scan} is the same match as a test no index serves ({@code strpos}), so
     * the list walks its sort index; {@code like} is the match in {@code LIKE} form on the list's own tables.
     */
    public ListQuery search(String term, List<Part> candidates, Part scan, Part like) {
        if (term != null && !term.isBlank()) {
            this.search = new Search(term.trim(), candidates, scan, like);
        }
        return this;
    }

    /** An exact count of the rows without a search (from kept counters), so no counting query is needed. */
    public ListQuery counted(Supplier<Future<Long>> exact) {
        this.counted = exact;
        return this;
    }

    /**
     * A better estimate of the rows without a search than the planner's, where the caller has one (the overview's
     * recount of online devices and live sessions, whose time windows the planner's statistics cannot follow).
     */
    public ListQuery estimated(Supplier<Future<Long>> estimate) {
        this.estimated = estimate;
        return this;
    }

    Supplier<Future<Long>> estimated() {
        return estimated;
    }

    Search search() {
        return search;
    }

    Supplier<Future<Long>> counted() {
        return counted;
    }

    String idColumn() {
        return id;
    }

    /** The statement of one page: {@code extra} conditions (search, cursor) added, {@code LIMIT ?} and maybe {@code OFFSET ?}. */
    Part page(KeyOrder order, boolean descending, List<Part> extra, int limit, int offset) {
        Builder b = new Builder("SELECT " + select + order.selectKeys() + " FROM " + from);
        b.where(conditions, args, extra);
        b.sql.append(order.orderBy(descending)).append(" LIMIT ?");
        b.args.add(limit);
        if (offset > 0) {
            b.sql.append(" OFFSET ?");
            b.args.add(offset);
        }
        return b.done();
    }

    /**
     * How many rows match, counting no further than {@code cap}. In the list's order, so the count walks the same
     * index as the page (a filter that lets few rows through costs both alike) and never reads the whole table
     * to find {@code cap} rows.
     */
    Part cappedCount(KeyOrder order, boolean descending, List<Part> extra, int cap) {
        Builder b = new Builder("SELECT count(*) FROM (SELECT 1 FROM " + from);
        b.where(conditions, args, extra);
        b.sql.append(order.orderBy(descending)).append(" LIMIT ?) AS c");
        b.args.add(cap);
        return b.done();
    }

    /** The plan of a statement, for its estimates (EXPLAIN does not run it). */
    Part explain(Part statement) {
        return new Part("EXPLAIN (FORMAT JSON) " + statement.sql(), statement.args());
    }

    /** The planner's estimate of how many rows match (EXPLAIN does not run the query). */
    Part estimate(List<Part> extra) {
        Builder b = new Builder("EXPLAIN (FORMAT JSON) SELECT 1 FROM " + from);
        b.where(conditions, args, extra);
        return b.done();
    }

    /**
     * The ids matching the search, at most {@code cap} from each candidate statement. Ordered by id so that a term
     * matching most rows walks the primary key and stops at {@code cap} instead of reading the table.
     */
    Part candidates(int cap) {
        Builder b = new Builder("");
        for (int i = 0; i < search.candidates().size(); i++) {
            Part p = search.candidates().get(i);
            b.sql.append(i == 0 ? "" : " UNION ").append("(").append(p.sql()).append(" ORDER BY 1 LIMIT ?)");
            b.args.addAll(p.args());
            b.args.add(cap);
        }
        return b.done();
    }

    /**
     * Every statement this list can run in {@code order}, with sample values where a cursor or found ids would
     * go: what the query-plan test explains, so the statements it checks are the ones {@link Lister} builds.
     */
    public java.util.Map<String, Part> statements(KeyOrder order, boolean descending, int limit) {
        java.util.Map<String, Part> out = new java.util.LinkedHashMap<>();
        Part after = new Part(order.after(descending), order.sampleValues());
        Part before = new Part(order.after(!descending), order.sampleValues());
        List<Part> none = List.of();
        out.put("first page", page(order, descending, none, limit + 1, 0));
        out.put("next page", page(order, descending, List.of(after), limit + 1, 0));
        out.put("previous page", page(order, !descending, List.of(before), limit + 1, 0));
        out.put("offset page", page(order, descending, none, limit + 1, 100));
        if (counted == null) {
            out.put("count", cappedCount(order, descending, none, Lister.EXACT_UP_TO + 1));
        }
        if (search != null) {
            Part ids = Part.of(id + " = ANY(?::uuid[])", (Object) new java.util.UUID[] {java.util.UUID.randomUUID()});
            out.put("search ids", candidates(Lister.EXACT_UP_TO + 1));
            out.put("search page by ids", page(order, descending, List.of(ids, after), limit + 1, 0));
            out.put("search count by ids", cappedCount(order, descending, List.of(ids), Lister.EXACT_UP_TO + 1));
            out.put("search page by scan", page(order, descending, List.of(search.scan()), limit + 1, 0));
            out.put("search next page by scan", page(order, descending, List.of(search.scan(), after), limit + 1, 0));
        }
        return out;
    }

    /** Numbers the {@code ?} marks of a statement in order. */
    static String number(String sql) {
        StringBuilder out = new StringBuilder(sql.length() + 16);
        int n = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '?') {
                out.append('$').append(++n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static final class Builder {
        final StringBuilder sql;
        final List<Object> args = new ArrayList<>();

        Builder(String start) {
            this.sql = new StringBuilder(start);
        }

        void where(List<String> conditions, List<Object> values, List<Part> extra) {
            List<String> all = new ArrayList<>(conditions);
            args.addAll(values);
            for (Part p : extra) {
                all.add(p.sql());
                args.addAll(p.args());
            }
            if (!all.isEmpty()) {
                sql.append(" WHERE (").append(String.join(") AND (", all)).append(")");
            }
        }

        Part done() {
            return new Part(number(sql.toString()), args);
        }
    }

    static Tuple tuple(List<Object> values) {
        Tuple t = Tuple.tuple();
        values.forEach(t::addValue);
        return t;
    }
}
