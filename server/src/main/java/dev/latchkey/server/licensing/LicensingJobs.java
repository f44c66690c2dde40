package dev.latchkey.server.licensing;

import dev.latchkey.server.audit.AuditEvent;
import dev.latchkey.server.audit.AuditService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Periodic work: marks expired licenses ({@code license.expired}), warns three days ahead
 * ({@code license.expiring_soon}), and frees seats of devices silent past their product's
 * timeout. Every statement claims its rows atomically, so running on several nodes reports
 * each license once.
 */
public final class LicensingJobs {

    private static final Logger LOG = Logger.getLogger(LicensingJobs.class.getName());
    static final Duration EXPIRY_WARNING = Duration.ofDays(3);

    private static final String CLOCK_INIT = "INSERT INTO cluster_clock (up_since, last_tick) VALUES (now(), now()) ON CONFLICT DO NOTHING";
    /** A gap between ticks longer than {@code $1} seconds means the servers were down: the clock restarts. */
    private static final String CLOCK_TICK = "UPDATE cluster_clock SET up_since = CASE WHEN last_tick < now() - make_interval(secs => $1) "
            + "THEN now() ELSE up_since END, last_tick = now() RETURNING up_since";
    /** Silence counts only from when the servers were up to hear it: an outage never frees seats. */
    private static final String FREE_SEATS = "DELETE FROM activations a USING licenses l, products p, devices d "
            + "WHERE a.license_id = l.id AND l.product_id = p.id AND a.device_id = d.id AND p.free_seats "
            + "AND greatest(" + dev.latchkey.server.devices.Device.lastSeen("d") + ", $1) < now() - make_interval(secs => p.seat_timeout) "
            + "RETURNING a.license_id, a.device_id, l.user_id";

    private final Vertx vertx;
    private final Pool pool;
    private final LicenseRepository licenses;
    private final LicenseCache cache;
    private final AuditService audit;
    private final Duration interval;
    private long timerId = -1;

    public LicensingJobs(Vertx vertx, Pool pool, LicenseRepository licenses, LicenseCache cache, AuditService audit, Duration interval) {
        this.vertx = vertx;
        this.pool = pool;
        this.licenses = licenses;
        this.cache = cache;
        this.audit = audit;
        this.interval = interval;
    }

    public void start() {
        timerId = vertx.setPeriodic(interval.toMillis(), interval.toMillis(), t -> runOnce()
                .onFailure(e -> LOG.log(Level.WARNING, "Licensing jobs failed; next try in " + interval.toSeconds() + " s", e)));
    }

    public void stop() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** One round of every job; public so tests and operators can run it at will. */
    public Future<Void> runOnce() {
        return expire().compose(v -> warnExpiring()).compose(v -> freeSeats());
    }

    // Why batched (recordBatched): no response waits on a job, so there is no answer to get ahead of its audit trail.
    Future<Void> expire() {
        return licenses.expireDue().compose(list -> each(list, c -> cache.invalidate(c.userId())
                .compose(v -> audit.recordBatched(AuditEvent.of("license.expired", AuditEvent.Outcome.SUCCESS).actor(null, "system")
                        .target("license", c.id()).detail("user_id", c.userId()).detail("product_id", c.productId()).build()))));
    }

    Future<Void> warnExpiring() {
        return licenses.markExpiringSoon(EXPIRY_WARNING.toSeconds()).compose(list -> each(list, c -> audit.recordBatched(
                AuditEvent.of("license.expiring_soon", AuditEvent.Outcome.SUCCESS).actor(null, "system").target("license", c.id())
                        .detail("user_id", c.userId()).detail("expires_at", License.iso(c.expiresAt())).build())));
    }

    Future<Void> freeSeats() {
        long gapSeconds = Math.max(interval.toSeconds() * 3, 180);
        return pool.query(CLOCK_INIT).execute()
                .compose(v -> pool.preparedQuery(CLOCK_TICK).execute(Tuple.of((double) gapSeconds)))
                .map(rs -> rs.iterator().next().getOffsetDateTime("up_since"))
                .compose(this::freeSeatsSince);
    }

    private Future<Void> freeSeatsSince(OffsetDateTime upSince) {
        return pool.preparedQuery(FREE_SEATS).execute(Tuple.of(upSince)).compose(rs -> {
            List<UUID[]> freed = new ArrayList<>();
            rs.forEach(r -> freed.add(new UUID[] {r.getUUID("license_id"), r.getUUID("device_id"), r.getUUID("user_id")}));
            return each(freed, f -> cache.invalidate(f[2]).compose(v -> audit.recordBatched(AuditEvent
                    .of("license.seat_freed", AuditEvent.Outcome.SUCCESS).actor(null, "system").target("license", f[0])
                    .detail("device_id", f[1]).detail("user_id", f[2]).detail("reason", "missed_heartbeats").build())));
        });
    }

    private static <T> Future<Void> each(List<T> items, java.util.function.Function<T, Future<Void>> action) {
        Future<Void> chain = Future.succeededFuture();
        for (T item : items) {
            chain = chain.compose(v -> action.apply(item));
        }
        return chain;
    }
}
