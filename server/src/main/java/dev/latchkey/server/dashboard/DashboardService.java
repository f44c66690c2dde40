package dev.latchkey.server.dashboard;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The overview's numbers: cards (users, sessions, licenses, devices) and chart data (heartbeats per
 * minute, sign-ins by outcome, license expiry), as one JSON snapshot sent to the page at load and through
 * the event stream every few seconds.
 */
final class DashboardService {

    static final List<String> LICENSE_STATUSES = List.of("active", "suspended", "revoked", "expired");
    static final List<String> SESSION_KINDS = List.of("web", "client", "api");
    static final List<String> OUTCOMES = List.of("success", "failure", "denied");

    private final DashboardReads reads;
    private final HeartbeatSeries heartbeats;
    private final Duration webIdle;

    DashboardService(DashboardReads reads, HeartbeatSeries heartbeats, Duration webIdle) {
        this.reads = reads;
        this.heartbeats = heartbeats;
        this.webIdle = webIdle;
    }

    Future<JsonObject> snapshot() {
        Future<JsonObject> users = reads.one(DashboardSql.USER_STATS, Tuple.tuple());
        Future<JsonObject> sessions = counts(DashboardSql.SESSION_STATS, Tuple.of((double) webIdle.toSeconds()), "kind", SESSION_KINDS);
        Future<JsonObject> licenses = counts(DashboardSql.LICENSE_STATS, Tuple.tuple(), "status", LICENSE_STATUSES);
        Future<JsonObject> expiry = reads.one(DashboardSql.EXPIRY_STATS, Tuple.tuple());
        Future<JsonObject> devices = reads.one(DashboardSql.DEVICE_STATS, Tuple.tuple());
        Future<JsonObject> logins = counts(DashboardSql.LOGIN_STATS, Tuple.tuple(), "outcome", OUTCOMES);
        Future<List<Long>> beats = heartbeats.lastHour().otherwise(java.util.Collections.nCopies(HeartbeatSeries.MINUTES, 0L));
        return Future.all(List.of(users, sessions, licenses, expiry, devices, logins, beats)).map(x -> {
            JsonObject l = licenses.result();
            long total = 0;
            for (String s : LICENSE_STATUSES) {
                total += l.getLong(s);
            }
            l.put("total", total).put("expiring_7d", expiry.result().getLong("within_7d", 0L));
            return new JsonObject()
                    .put("at", Instant.now().toString())
                    .put("users", users.result())
                    .put("sessions", sessions.result())
                    .put("licenses", l)
                    .put("expiry", expiry.result())
                    .put("devices", devices.result())
                    .put("logins", logins.result())
                    .put("heartbeats", new JsonArray(beats.result()));
        });
    }

    /** The latest {@link OverviewRoutes#FEED} audit events, for the activity feed as the page loads (newest first). */
    Future<JsonArray> recentEvents() {
        return reads.all(DashboardSql.RECENT_EVENTS, Tuple.tuple()).map(rows -> {
            JsonArray out = new JsonArray();
            rows.forEach(o -> {
                JsonObject r = (JsonObject) o;
                out.add(new JsonObject().put("at", r.getString("occurred_at")).put("action", r.getString("action"))
                        .put("outcome", r.getString("outcome")).put("actor_id", r.getString("actor_id"))
                        .put("actor", r.getString("actor")).put("target_type", r.getString("target_type"))
                        .put("target_id", r.getString("target_id")).put("ip", r.getString("ip"))
                        .put("details", r.getValue("details") instanceof JsonObject d ? d : new JsonObject()));
            });
            return out;
        });
    }

    /** {@code SELECT key, n ... GROUP BY key} as an object with every expected key (0 when absent). */
    private Future<JsonObject> counts(String sql, Tuple args, String column, List<String> keys) {
        return reads.all(sql, args).map(rows -> {
            JsonObject o = new JsonObject();
            keys.forEach(k -> o.put(k, 0L));
            rows.forEach(r -> {
                JsonObject row = (JsonObject) r;
                o.put(row.getString(column), row.getLong("n"));
            });
            return o;
        });
    }
}
