package dev.latchkey.server.scale;

import dev.latchkey.server.lists.Lister;
import dev.latchkey.server.support.PlannedStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Explains a statement the way the server runs it: prepared with its parameter types left to PostgreSQL (as
 * the Vert.x client does), then {@code EXPLAIN EXECUTE} once as a custom plan and once as the generic plan a
 * cached prepared statement may switch to after five runs ({@code plan_cache_mode}).
 */
final class QueryPlans {

    private static final Pattern SEQ_SCAN = Pattern.compile("Seq Scan on (\\w+)");

    private QueryPlans() {
    }

    /**
     * The plan as text, custom or generic. A statement of a keyset list is explained with the planner settings
     * {@link Lister} gives its transactions, as the server runs it.
     */
    static String explain(Connection c, PlannedStatement s, boolean generic) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("BEGIN");
            st.execute("SET LOCAL plan_cache_mode = " + (generic ? "force_generic_plan" : "force_custom_plan"));
            if (s.customOnly()) {
                st.execute(Lister.PLANNER);
            }
            st.execute("PREPARE lk_plan AS " + s.sql());
            try {
                StringBuilder plan = new StringBuilder();
                String args = s.args().isEmpty() ? "" : "(" + literals(s.args()) + ")";
                try (ResultSet rs = st.executeQuery("EXPLAIN EXECUTE lk_plan" + args)) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                return plan.toString();
            } finally {
                st.execute("ROLLBACK");
                st.execute("DEALLOCATE ALL");
            }
        }
    }

    /** Tables read end to end in this plan that hold at least as many rows as {@code large} says. */
    static Set<String> seqScans(String plan, Map<String, Long> rows, long large) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = SEQ_SCAN.matcher(plan);
        while (m.find()) {
            if (rows.getOrDefault(m.group(1), 0L) >= large) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** Row counts of the tables (and partitions) after ANALYZE. */
    static Map<String, Long> tableRows(Connection c) throws SQLException {
        Map<String, Long> out = new java.util.HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT c.relname, c.reltuples::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                        + "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    /** Parameters as SQL literals; an untyped literal takes the type PostgreSQL inferred for the parameter. */
    static String literals(List<Object> args) {
        StringJoiner j = new StringJoiner(", ");
        for (Object a : args) {
            j.add(literal(a));
        }
        return j.toString();
    }

    private static String literal(Object a) {
        if (a == null) {
            return "NULL";
        }
        if (a instanceof Number || a instanceof Boolean) {
            return a.toString();
        }
        if (a instanceof Object[] array) {
            List<String> items = new ArrayList<>();
            for (Object o : array) {
                items.add("\"" + element(o).replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
            }
            return quote("{" + String.join(",", items) + "}");
        }
        return quote(element(a));
    }

    private static String element(Object a) {
        if (a instanceof byte[] b) {
            return "\\x" + HexFormat.of().formatHex(b);
        }
        if (a instanceof OffsetDateTime || a instanceof Instant || a instanceof UUID || a instanceof String) {
            return a.toString();
        }
        throw new IllegalArgumentException("No literal for " + a.getClass());
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
