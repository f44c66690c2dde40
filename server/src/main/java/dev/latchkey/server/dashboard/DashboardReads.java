package dev.latchkey.server.dashboard;

import dev.latchkey.server.accounts.UserList;
import dev.latchkey.server.auth.SessionList;
import dev.latchkey.server.devices.DeviceList;
import dev.latchkey.server.lists.ListPage;
import dev.latchkey.server.lists.ListQuery;
import dev.latchkey.server.lists.Lister;
import dev.latchkey.server.lists.PageRequest;
import dev.latchkey.server.lists.RowCounts;
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
    private final Lister lister;
    private final RowCounts counts;

    DashboardReads(Pool pool) {
        this.pool = pool;
        this.lister = new Lister(pool);
        this.counts = new RowCounts(pool);
    }

    RowCounts counts() {
        return counts;
    }

    record Page(int limit, int offset) {
        static Page of(int page, int size) {
            return new Page(size, (page - 1) * size);
        }
    }

    /** The users page: search, filter (one of {@link UserList#FILTERS}), order (one of {@link UserList#ORDERS}). */
    Future<ListPage> users(String q, String filter, String sort, boolean ascending, PageRequest page) {
        return lister.page(usersQuery(q, filter, counts), UserList.ORDERS.get(sort), !ascending, page, DashboardReads::row);
    }

    /** The devices page (or a user's devices): newest first. {@code estimate}: of the rows without a search, or null. */
    Future<ListPage> devices(String q, String state, UUID userId, PageRequest page, Long estimate) {
        return lister.page(estimated(devicesQuery(q, state, userId, counts), estimate), DeviceList.NEWEST, true, page,
                DashboardReads::row);
    }

    /** Live sessions (or a user's): newest first. {@code estimate}: of the rows without a search, or null. */
    Future<ListPage> sessions(String kind, String q, UUID userId, PageRequest page, Long estimate) {
        return lister.page(estimated(sessionsQuery(kind, q, userId), estimate), SessionList.NEWEST, true, page, DashboardReads::row);
    }

    private static ListQuery estimated(ListQuery q, Long estimate) {
        return estimate == null ? q : q.estimated(() -> Future.succeededFuture(estimate));
    }

    static ListQuery usersQuery(String q, String filter, RowCounts counts) {
        return UserList.query(DashboardSql.USER_COLUMNS, q, filter, counts);
    }

    static ListQuery devicesQuery(String q, String state, UUID userId, RowCounts counts) {
        return DeviceList.query(DashboardSql.DEVICE_COLUMNS, DashboardSql.DEVICE_FROM, state, userId, q, counts);
    }

    static ListQuery sessionsQuery(String kind, String q, UUID userId) {
        return SessionList.query(DashboardSql.SESSION_COLUMNS, DashboardSql.SESSION_FROM, false, kind, userId, q);
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

    /** Product id to {@code {total, active, redeemed}} license counts, from kept row counts (active: not past expiry). */
    Future<Map<String, JsonObject>> productCounts(java.util.Collection<String> productIds) {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (String p : productIds) {
            names.add("licenses.product." + p);
            names.add("licenses.product." + p + ".status.active");
            names.add("licenses.product." + p + ".redeemed");
        }
        Future<Map<String, Long>> counted = counts.read(names.toArray(new String[0]));
        Future<JsonArray> pastDue = all(DashboardSql.PAST_DUE_BY_PRODUCT, Tuple.tuple());
        return Future.all(counted, pastDue).map(x -> {
            Map<String, Long> due = new HashMap<>();
            pastDue.result().forEach(o -> due.put(((JsonObject) o).getString("product_id"), ((JsonObject) o).getLong("n")));
            Map<String, JsonObject> m = new HashMap<>();
            Map<String, Long> c = counted.result();
            for (String p : productIds) {
                String k = "licenses.product." + p;
                m.put(p, new JsonObject().put("total", c.get(k))
                        .put("active", c.get(k + ".status.active") - due.getOrDefault(p, 0L))
                        .put("redeemed", c.get(k + ".redeemed")));
            }
            return m;
        });
    }

    Future<JsonObject> one(String sql, Tuple args) {
        return pool.preparedQuery(sql).execute(args).map(rs -> {
            JsonArray a = rows(rs);
            return a.isEmpty() ? new JsonObject() : a.getJsonObject(0);
        });
    }

    /** {@code SELECT key, n ... GROUP BY key} as an object with every expected key (0 when absent). */
    Future<JsonObject> keyed(String sql, Tuple args, String column, java.util.List<String> keys) {
        return all(sql, args).map(rows -> {
            JsonObject o = new JsonObject();
            keys.forEach(k -> o.put(k, 0L));
            rows.forEach(r -> {
                JsonObject row = (JsonObject) r;
                o.put(row.getString(column), row.getLong("n"));
            });
            return o;
        });
    }

    Future<JsonArray> all(String sql, Tuple args) {
        return pool.preparedQuery(sql).execute(args).map(DashboardReads::rows);
    }

    /** Rows as JSON objects: times as ISO-8601 UTC strings, ids as text. */
    static JsonArray rows(RowSet<Row> rs) {
        JsonArray a = new JsonArray();
        for (Row r : rs) {
            a.add(row(r));
        }
        return a;
    }

    /** One row as a JSON object, without the sort keys a keyset list adds ({@code _k0, _k1...}). */
    static JsonObject row(Row r) {
        JsonObject o = new JsonObject();
        for (int i = 0; i < r.size(); i++) {
            String name = r.getColumnName(i);
            if (!name.startsWith("_k")) {
                o.put(name, value(r.getValue(i)));
            }
        }
        return o;
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
