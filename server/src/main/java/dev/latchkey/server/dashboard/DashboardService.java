package dev.latchkey.server.dashboard;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The overview's numbers: cards (users, sessions, licenses, devices) and chart data (heartbeats per minute,
 * sign-ins by outcome, license expiry), as one JSON snapshot sent to the page at load and through the event
 * stream every few seconds. What kept row counts give (totals, blocked, flagged, licenses by status, active
 * devices) is exact on every push; what depends on time passing (online, active in 24 hours, live sessions,
 * sign-ins in 24 hours, expiry) comes from {@link Recounts}, at most a minute old (active users ten), and is
 * absent until the first recount is done.
 */
final class DashboardService {

    static final List<String> LICENSE_STATUSES = List.of("active", "suspended", "revoked", "expired");
    static final List<String> SESSION_KINDS = List.of("web", "client", "api");
    static final List<String> OUTCOMES = List.of("success", "failure", "denied");

    private static final String[] COUNTERS = {"users", "users.blocked", "users.flagged", "devices.active",
        "licenses.status.active", "licenses.status.suspended", "licenses.status.revoked", "licenses.status.expired"};

    private final DashboardReads reads;
    private final HeartbeatSeries heartbeats;
    private final Recounts recounts;

    DashboardService(DashboardReads reads, HeartbeatSeries heartbeats, Recounts recounts) {
        this.reads = reads;
        this.heartbeats = heartbeats;
        this.recounts = recounts;
    }

    Future<JsonObject> snapshot() {
        Future<Map<String, Long>> counted = reads.counts().read(COUNTERS);
        Future<JsonObject> pastDue = reads.one(DashboardSql.LICENSES_PAST_DUE, Tuple.tuple());
        Future<List<Long>> beats = heartbeats.lastHour().otherwise(java.util.Collections.nCopies(HeartbeatSeries.MINUTES, 0L));
        JsonObject recount = recounts.current();
        return Future.all(List.of(counted, pastDue, beats)).map(x -> {
            Map<String, Long> c = counted.result();
            // Active licenses past their expiry count as expired, as everywhere else, before the job marks them.
            long due = pastDue.result().getLong("count");
            JsonObject licenses = new JsonObject()
                    .put("active", c.get("licenses.status.active") - due)
                    .put("suspended", c.get("licenses.status.suspended"))
                    .put("revoked", c.get("licenses.status.revoked"))
                    .put("expired", c.get("licenses.status.expired") + due);
            long total = 0;
            for (String s : LICENSE_STATUSES) {
                total += licenses.getLong(s);
            }
            licenses.put("total", total);
            JsonObject users = new JsonObject().put("total", c.get("users")).put("blocked", c.get("users.blocked"))
                    .put("flagged", c.get("users.flagged"));
            JsonObject devices = new JsonObject().put("active", c.get("devices.active"));
            JsonObject out = new JsonObject()
                    .put("at", Instant.now().toString())
                    .put("users", users)
                    .put("licenses", licenses)
                    .put("devices", devices)
                    .put("heartbeats", new JsonArray(beats.result()));
            if (recount != null) {
                users.put("active_24h", recount.getLong("users_active_24h"));
                devices.put("online", recount.getLong("devices_online"));
                licenses.put("expiring_7d", recount.getJsonObject("expiry").getLong("within_7d"));
                out.put("sessions", recount.getJsonObject("sessions")).put("expiry", recount.getJsonObject("expiry"))
                        .put("logins", recount.getJsonObject("logins")).put("recounted_at", recount.getString("at"));
            }
            return out;
        });
    }

    /** The latest recount (see {@link Recounts#current}); null before the first. */
    JsonObject recount() {
        return recounts.current();
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
}
