package dev.latchkey.server.dashboard;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.temporal.Temporal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Runs {@link DashboardSql}: read-only queries of the dashboard's lists and statistics. */
final class DashboardReads {

    private final Pool pool;

    DashboardReads(Pool pool) {
        this.pool = pool;
    }

    record Page(int limit, int offset) {
        static Page of(int page, int size) {
            return new Page(size, (page - 1) * size);
        }
    }

    Future<JsonObject> users(String q, String filter, String sort, boolean ascending, Page page) {
        String order = DashboardSql.USER_SORT.getOrDefault(sort, "u.created_at") + (ascending ? " ASC" : " DESC") + " NULLS LAST";
        return list(String.format(DashboardSql.USERS, order), DashboardSql.USERS_COUNT, Tuple.of(q, filter), page);
    }

    Future<JsonObject> devices(String q, String state, UUID userId, Page page) {
        return list(DashboardSql.DEVICES, DashboardSql.DEVICES_COUNT, Tuple.of(q, state, userId), page);
    }

    Future<JsonObject> sessions(String kind, String q, UUID userId, Page page) {
        return list(DashboardSql.SESSIONS, DashboardSql.SESSIONS_COUNT, Tuple.of(kind, q, userId), page);
    }

    Future<JsonObject> files(UUID productId, String status, String channel, Page page) {
        return list(DashboardSql.FILES, DashboardSql.FILES_COUNT, Tuple.of(productId, status, channel), page);
    }

    Future<JsonArray> fileChannels() {
        return pool.query(DashboardSql.FILE_CHANNELS).execute().map(rs -> {
            JsonArray a = new JsonArray();
            rs.forEach(r -> a.add(r.getString(0)));
            return a;
        });
    }

    /** {@code {"items":[...],"total":N}} of one page; {@code where} holds the filter parameters ($1..$n). */
    private Future<JsonObject> list(String sql, String countSql, Tuple where, Page page) {
        Future<Long> total = pool.preparedQuery(countSql).execute(where).map(rs -> rs.iterator().next().getLong(0));
        Tuple args = Tuple.tuple();
        for (int i = 0; i < where.size(); i++) {
            args.addValue(where.getValue(i));
        }
        args.addInteger(page.limit()).addInteger(page.offset());
        Future<JsonArray> items = pool.preparedQuery(sql).execute(args).map(DashboardReads::rows);
        return Future.all(total, items).map(x -> new JsonObject().put("items", items.result()).put("total", total.result()));
    }

    /** Usernames of these ids (for actor columns and the live feed). */
    Future<Map<UUID, String>> usernames(Set<UUID> ids) {
        if (ids.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        return pool.preparedQuery(DashboardSql.USERNAMES).execute(Tuple.of(ids.toArray(new UUID[0]))).map(rs -> {
            Map<UUID, String> m = new HashMap<>();
            rs.forEach(r -> m.put(r.getUUID("id"), r.getString("username")));
            return m;
        });
    }

    Future<UUID> userIdByName(String username) {
        return pool.preparedQuery(DashboardSql.USER_BY_NAME).execute(Tuple.of(username))
                .map(rs -> rs.size() == 0 ? null : rs.iterator().next().getUUID(0));
    }

    /** Product id to name, sorted by name. */
    Future<Map<String, String>> productNames() {
        return pool.query(DashboardSql.PRODUCT_NAMES).execute().map(rs -> {
            Map<String, String> m = new LinkedHashMap<>();
            rs.forEach(r -> m.put(r.getUUID("id").toString(), r.getString("name")));
            return m;
        });
    }

    /** Product id to {@code {total, active, redeemed}} license counts. */
    Future<Map<String, JsonObject>> productCounts() {
        return pool.query(DashboardSql.PRODUCT_COUNTS).execute().map(rs -> {
            Map<String, JsonObject> m = new HashMap<>();
            rs.forEach(r -> m.put(r.getUUID("product_id").toString(), new JsonObject().put("total", r.getLong("total"))
                    .put("active", r.getLong("active")).put("redeemed", r.getLong("redeemed"))));
            return m;
        });
    }

    Future<JsonObject> one(String sql, Tuple args) {
        return pool.preparedQuery(sql).execute(args).map(rs -> {
            JsonArray a = rows(rs);
            return a.isEmpty() ? new JsonObject() : a.getJsonObject(0);
        });
    }

    Future<JsonArray> all(String sql, Tuple args) {
        return pool.preparedQuery(sql).execute(args).map(DashboardReads::rows);
    }

    /** Rows as JSON objects: times as ISO-8601 UTC strings, ids as text. */
    static JsonArray rows(RowSet<Row> rs) {
        JsonArray a = new JsonArray();
        for (Row r : rs) {
            JsonObject o = new JsonObject();
            for (int i = 0; i < r.size(); i++) {
                o.put(r.getColumnName(i), value(r.getValue(i)));
            }
            a.add(o);
        }
        return a;
    }

    private static Object value(Object v) {
        if (v instanceof OffsetDateTime t) {
            return t.toInstant().toString();
        }
        if (v instanceof Temporal || v instanceof UUID) {
            return v.toString();
        }
        return v;
    }
}
