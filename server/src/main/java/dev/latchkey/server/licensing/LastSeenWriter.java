package dev.latchkey.server.licensing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Device last-seen times from heartbeats, written in one statement every few seconds instead of
 * one write per heartbeat. A device seen several times in one interval is written once.
 */
public final class LastSeenWriter {

    private static final Logger LOG = Logger.getLogger(LastSeenWriter.class.getName());
    /**
     * One row per device in device_seen (a narrow table, so a million devices' times are cheap to rewrite), created on
     * the first beat. Devices deleted meanwhile are left out: their row would fail the foreign key and the batch.
     */
    static final String UPDATE = "INSERT INTO device_seen (device_id, last_seen_at) "
            + "SELECT s.id, s.seen FROM unnest($1::uuid[], $2::timestamptz[]) AS s(id, seen) "
            + "WHERE EXISTS (SELECT 1 FROM devices d WHERE d.id = s.id) "
            + "ON CONFLICT (device_id) DO UPDATE SET last_seen_at = greatest(device_seen.last_seen_at, EXCLUDED.last_seen_at)";

    private final Vertx vertx;
    private final Pool pool;
    private final long timerId;
    private Map<UUID, OffsetDateTime> pending = new HashMap<>();

    public LastSeenWriter(Vertx vertx, Pool pool, long intervalMs) {
        this.vertx = vertx;
        this.pool = pool;
        this.timerId = vertx.setPeriodic(intervalMs, t -> flush());
    }

    public synchronized void seen(UUID deviceId) {
        pending.put(deviceId, OffsetDateTime.now(ZoneOffset.UTC));
    }

    /** Writes what is pending; on failure it is merged back and retried on the next tick. */
    public Future<Void> flush() {
        Map<UUID, OffsetDateTime> batch;
        synchronized (this) {
            if (pending.isEmpty()) {
                return Future.succeededFuture();
            }
            batch = pending;
            pending = new HashMap<>();
        }
        UUID[] ids = batch.keySet().toArray(new UUID[0]);
        OffsetDateTime[] times = new OffsetDateTime[ids.length];
        for (int i = 0; i < ids.length; i++) {
            times[i] = batch.get(ids[i]);
        }
        return pool.preparedQuery(UPDATE).execute(Tuple.tuple().addValue(ids).addValue(times)).<Void>mapEmpty().recover(err -> {
            LOG.warning("Could not record device last-seen times (" + ids.length + " devices); retrying: " + err.getMessage());
            synchronized (this) {
                batch.forEach(pending::putIfAbsent);
            }
            return Future.succeededFuture();
        });
    }

    public Future<Void> close() {
        vertx.cancelTimer(timerId);
        return flush();
    }
}
