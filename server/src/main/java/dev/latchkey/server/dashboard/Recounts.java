package dev.latchkey.server.dashboard;

import dev.latchkey.server.infra.RedisStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The overview numbers no index serves: devices online, users active in 24 hours, live sessions by kind, sign-ins
 * by outcome in 24 hours (from the audit trail) and the expiry chart. They are recounted at most once per
 * {@link #PERIOD} for the whole cluster, not on every push of every node: the node whose dashboard first finds the
 * shared result ({@code dash:recount} in Redis) older than that takes a lock ({@code dash:recount:lock}), counts,
 * and stores it for the others. Users active in 24 hours, the dearest count (every device seen that day, made
 * distinct by user), is redone only every {@link #ACTIVE_PERIOD}: a day-long window barely moves in ten minutes.
 * The devices and sessions pages take their totals of online devices and live sessions from here too, since the
 * planner cannot estimate those time windows. Costs at a million rows are in docs/decisions.md. Nothing is counted
 * while nobody looks at the dashboard. Without Redis each node counts for itself, still at most once per period.
 */
final class Recounts {

    static final Duration PERIOD = Duration.ofMinutes(1);
    static final Duration ACTIVE_PERIOD = Duration.ofMinutes(10);
    /** Longer than any recount takes; the lock lapses by itself if its holder dies. */
    private static final long LOCK_MS = 30_000;
    private static final long KEEP_MS = 10 * 60_000;
    private static final Logger LOG = Logger.getLogger(Recounts.class.getName());

    private final DashboardReads reads;
    private final RedisStore redis;
    private final Duration webIdle;
    private final String token = UUID.randomUUID().toString();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile JsonObject last;

    Recounts(DashboardReads reads, RedisStore redis, Duration webIdle) {
        this.reads = reads;
        this.redis = redis;
        this.webIdle = webIdle;
    }

    /**
     * The latest recount ({@code at}, {@code devices_online}, {@code users_active_24h}, {@code sessions},
     * {@code sessions_unexpired}, {@code logins}, {@code expiry}), or null before the first is done. A stale one starts a new recount in the background;
     * the caller never waits for it.
     */
    JsonObject current() {
        JsonObject known = last;
        if ((known == null || stale(known)) && running.compareAndSet(false, true)) {
            refresh().onComplete(ar -> {
                running.set(false);
                if (ar.failed()) {
                    LOG.log(Level.WARNING, "Overview recount failed; the next push tries again", ar.cause());
                }
            });
        }
        return known;
    }

    /** Takes a fresh shared result, or counts when this node gets the lock. */
    Future<Void> refresh() {
        return redis.send(Command.GET, key()).map(r -> r == null ? null : new JsonObject(r.toString()))
                .otherwise((JsonObject) null)
                .compose(shared -> {
                    if (shared != null && !stale(shared)) {
                        last = shared;
                        return Future.succeededFuture();
                    }
                    return redis.send(Command.SET, lockKey(), token, "NX", "PX", String.valueOf(LOCK_MS)).map(r -> r != null)
                            // Redis down: count here rather than show nothing; still at most once a period per node.
                            .otherwise(true)
                            .compose(mine -> mine ? count(shared != null ? shared : last).compose(this::publish)
                                    : Future.succeededFuture());
                });
    }

    private Future<Void> publish(JsonObject fresh) {
        last = fresh;
        return redis.send(Command.SET, key(), fresh.encode(), "PX", String.valueOf(KEEP_MS)).<Void>mapEmpty().otherwiseEmpty();
    }

    /**
     * One statement after another: a recount is background work and should not take several connections at once.
     * {@code previous} (may be null) lends its users-active count while that is younger than {@link #ACTIVE_PERIOD}.
     */
    Future<JsonObject> count(JsonObject previous) {
        JsonObject out = new JsonObject();
        Tuple none = Tuple.tuple();
        return reads.one(DashboardSql.RECOUNT_ONLINE, none)
                .compose(o -> {
                    out.put("devices_online", o.getLong("online"));
                    return activeUsers(previous);
                })
                .compose(active -> {
                    out.put("users_active_24h", active.getLong("users_active_24h")).put("users_active_at", active.getString("at"));
                    return reads.all(DashboardSql.SESSION_STATS, Tuple.of((double) webIdle.toSeconds()));
                })
                .compose(rows -> {
                    // Cards count sessions that still open something; the sessions list shows every unexpired one.
                    JsonObject live = new JsonObject();
                    JsonObject unexpired = new JsonObject();
                    DashboardService.SESSION_KINDS.forEach(k -> {
                        live.put(k, 0L);
                        unexpired.put(k, 0L);
                    });
                    rows.forEach(o -> {
                        JsonObject r = (JsonObject) o;
                        live.put(r.getString("kind"), r.getLong("n"));
                        unexpired.put(r.getString("kind"), r.getLong("unexpired"));
                    });
                    out.put("sessions", live).put("sessions_unexpired", unexpired);
                    return reads.keyed(DashboardSql.LOGIN_STATS, none, "outcome", DashboardService.OUTCOMES);
                })
                .compose(logins -> {
                    out.put("logins", logins);
                    return expiry();
                })
                .map(expiry -> out.put("expiry", expiry).put("at", Instant.now().toString()));
    }

    private Future<JsonObject> activeUsers(JsonObject previous) {
        if (previous != null && previous.containsKey("users_active_24h") && !stale(previous.getString("users_active_at"), ACTIVE_PERIOD)) {
            return Future.succeededFuture(new JsonObject().put("users_active_24h", previous.getLong("users_active_24h"))
                    .put("at", previous.getString("users_active_at")));
        }
        return reads.one(DashboardSql.RECOUNT_ACTIVE_USERS, Tuple.tuple())
                .map(a -> new JsonObject().put("users_active_24h", a.getLong("active_24h")).put("at", Instant.now().toString()));
    }

    /**
     * The expiry chart of active licenses: the next 90 days by range (licenses_expiry), the rest from kept counts
     * (never, from first activation, and "later" as what remains of the active ones).
     */
    private Future<JsonObject> expiry() {
        Future<JsonObject> ranges = reads.one(DashboardSql.EXPIRY_RANGES, Tuple.tuple());
        return ranges.compose(r -> reads.counts().read("licenses.status.active", "licenses.active.never", "licenses.active.on_activation")
                .compose(c -> reads.one(DashboardSql.LICENSES_PAST_DUE, Tuple.tuple()).map(p -> {
                    long active = c.get("licenses.status.active") - p.getLong("count");
                    long within = 0;
                    for (String k : List.of("within_7d", "within_30d", "within_90d")) {
                        within += r.getLong(k);
                    }
                    long never = c.get("licenses.active.never");
                    long onActivation = c.get("licenses.active.on_activation");
                    return r.copy().put("on_activation", onActivation).put("never", never)
                            .put("later", Math.max(0, active - within - never - onActivation));
                })));
    }

    private static boolean stale(JsonObject recount) {
        return stale(recount.getString("at"), PERIOD);
    }

    private static boolean stale(String at, Duration period) {
        try {
            return Instant.parse(at).plus(period).isBefore(Instant.now());
        } catch (RuntimeException e) {
            return true;
        }
    }

    private String key() {
        return redis.key("dash:recount");
    }

    private String lockKey() {
        return redis.key("dash:recount:lock");
    }
}
