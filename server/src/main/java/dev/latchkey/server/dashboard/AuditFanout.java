package dev.latchkey.server.dashboard;

import dev.latchkey.server.audit.AuditEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The audit listener: every audit event recorded on this node is sent to every node's dashboards through
 * {@link EventChannel}. Events are gathered for {@value #DELAY_MS} ms and sent as one batch, so a burst of
 * sign-ins costs one Redis round trip, not one each. Actor names missing from an event (admin actions carry
 * only the id) are looked up first.
 *
 * <p>The listener runs inside the audit service's lock: it only queues. The live feed is a view; the audit
 * trail in PostgreSQL is the record. Beyond {@value #MAX_PENDING} waiting events (Redis down) new ones are
 * left out of the feed, never out of the trail.
 */
final class AuditFanout {

    private static final Logger LOG = Logger.getLogger(AuditFanout.class.getName());
    static final long DELAY_MS = 100;
    static final int MAX_PENDING = 10_000;
    static final int MAX_BATCH = 200;

    private final Vertx vertx;
    private final EventChannel channel;
    private final ConcurrentLinkedQueue<AuditEvent> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean warned = new AtomicBoolean();
    private volatile Function<Set<UUID>, Future<Map<UUID, String>>> names = ids -> Future.succeededFuture(Map.of());
    private volatile boolean closed;

    AuditFanout(Vertx vertx, EventChannel channel) {
        this.vertx = vertx;
        this.channel = channel;
    }

    void resolveNamesWith(Function<Set<UUID>, Future<Map<UUID, String>>> lookup) {
        this.names = lookup;
    }

    void accept(AuditEvent event) {
        if (closed) {
            return;
        }
        if (size.incrementAndGet() > MAX_PENDING) {
            size.decrementAndGet();
            if (warned.compareAndSet(false, true)) {
                LOG.warning("Dashboard live feed is behind (Redis unreachable?); events are left out of the feed until it catches up");
            }
            return;
        }
        pending.add(event);
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            vertx.setTimer(DELAY_MS, t -> flush().onComplete(x -> {
                scheduled.set(false);
                if (!pending.isEmpty() && !closed) {
                    schedule();
                }
            }));
        }
    }

    private Future<Void> flush() {
        List<AuditEvent> batch = new ArrayList<>();
        AuditEvent e;
        while (batch.size() < MAX_BATCH && (e = pending.poll()) != null) {
            batch.add(e);
            size.decrementAndGet();
        }
        if (batch.isEmpty()) {
            return Future.succeededFuture();
        }
        Set<UUID> unnamed = new HashSet<>();
        batch.forEach(ev -> {
            if (ev.actorId() != null && ev.actorName() == null) {
                unnamed.add(ev.actorId());
            }
        });
        Future<Map<UUID, String>> resolved = unnamed.isEmpty() ? Future.succeededFuture(Map.of())
                : names.apply(unnamed).otherwise(Map.of());
        return resolved.compose(found -> {
            JsonArray items = new JsonArray();
            batch.forEach(ev -> items.add(toJson(ev, found)));
            return channel.publish(items.encode());
        }).<Void>mapEmpty().onSuccess(v -> warned.set(false)).otherwiseEmpty();
    }

    static JsonObject toJson(AuditEvent e, Map<UUID, String> names) {
        String actor = e.actorName() != null ? e.actorName() : e.actorId() == null ? null : names.get(e.actorId());
        return new JsonObject()
                .put("at", e.occurredAt().toString())
                .put("action", e.action())
                .put("outcome", e.outcome().dbValue())
                .put("actor_id", e.actorId() == null ? null : e.actorId().toString())
                .put("actor", actor)
                .put("target_type", e.targetType())
                .put("target_id", e.targetId())
                .put("ip", e.ip())
                .put("details", e.details() == null ? new JsonObject() : e.details().copy());
    }

    /** Sends what is still waiting, then stops listening. */
    Future<Void> close() {
        closed = true;
        return flush();
    }
}
