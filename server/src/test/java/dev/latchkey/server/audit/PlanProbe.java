package dev.latchkey.server.audit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Plans of a statement as the server runs it: prepared, then executed with its parameters as a custom plan
 * or as the generic plan PostgreSQL may switch to after five runs ({@code plan_cache_mode}).
 */
final class PlanProbe {

    private final Connection connection;

    PlanProbe(Connection connection) {
        this.connection = connection;
    }

    /** The plan's root node ({@code EXPLAIN (FORMAT JSON)}), with {@code ANALYZE} when {@code run}. */
    JsonObject plan(String sql, Tuple args, boolean generic, boolean run) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("SET plan_cache_mode = " + (generic ? "force_generic_plan" : "force_custom_plan"));
            st.execute("PREPARE probe AS " + sql);
            try (ResultSet rs = st.executeQuery("EXPLAIN (FORMAT JSON" + (run ? ", ANALYZE" : "") + ") EXECUTE probe" + literals(args))) {
                rs.next();
                return new JsonArray(rs.getString(1)).getJsonObject(0);
            } finally {
                st.execute("DEALLOCATE probe");
                st.execute("RESET plan_cache_mode");
            }
        }
    }

    /** Every plan node, depth first. */
    static List<JsonObject> nodes(JsonObject node) {
        List<JsonObject> out = new ArrayList<>();
        out.add(node);
        JsonArray children = node.getJsonArray("Plans");
        if (children != null) {
            children.forEach(c -> out.addAll(nodes((JsonObject) c)));
        }
        return out;
    }

    /** The arguments of {@code EXECUTE}, written as SQL literals (test values only: no input from outside the test). */
    private static String literals(Tuple args) {
        if (args.size() == 0) {
            return "";
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            out.add(literal(args.getValue(i)));
        }
        return "(" + String.join(", ", out) + ")";
    }

    private static String literal(Object v) {
        if (v instanceof Number) {
            return v.toString();
        }
        if (v instanceof String[] a) {
            List<String> items = new ArrayList<>();
            for (String s : a) {
                items.add(quote(s));
            }
            return "ARRAY[" + String.join(", ", items) + "]::text[]";
        }
        if (v instanceof String || v instanceof UUID || v instanceof OffsetDateTime) {
            return quote(v.toString());
        }
        throw new IllegalArgumentException("no literal for " + v.getClass());
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
