package dev.latchkey.server.audit;

import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.ErrorCode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one way into the audit trail. Events are queued and inserted in batches (group commit: a
 * writer takes everything queued, up to a batch, in one INSERT and one commit; events arriving
 * meanwhile wait for the next batch). Up to {@code writers} batches are in flight at once, on
 * their own connections, so one batch's round trip overlaps the next one's.
 *
 * <p>{@link #record} completes only once the event is committed: every event emitted while
 * handling a request uses it, so the response never gets ahead of its audit trail.
 * {@link #recordBatched} completes once the event is queued: only for events no response waits
 * on (periodic jobs). Nothing is dropped either way: a full queue makes callers wait for room,
 * a failed insert is retried, and {@link #close} flushes.
 */
public final class AuditService {

    private static final Logger LOG = Logger.getLogger(AuditService.class.getName());
    private static final long RETRY_DELAY_MS = 1000;

    private final Vertx vertx;
    private final Context context;
    private final AuditRepository repository;
    private final int capacity;
    private final int batchSize;
    private final int writers;

    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private int writing;
    private boolean flushScheduled;
    private boolean lastWriteFailed;
    private Promise<Void> drained;
    private final java.util.List<java.util.function.Consumer<AuditEvent>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** An event and who to tell: promises complete on the caller's own context, never on ours. */
    private record Pending(AuditEvent event, Context caller, Promise<Void> accepted, Promise<Void> committed) {
        void complete(Promise<Void> promise) {
            settle(promise, null);
        }

        void fail(Promise<Void> promise, Throwable cause) {
            settle(promise, cause);
        }

        /** Completes {@code promise} (fails it with {@code cause} when there is one) on the caller's context. */
        private void settle(Promise<Void> promise, Throwable cause) {
            if (promise == null) {
                return;
            }
            if (caller == null) {
                settleNow(promise, cause);
            } else {
                caller.runOnContext(v -> settleNow(promise, cause));
            }
        }

        private static void settleNow(Promise<Void> promise, Throwable cause) {
            if (cause == null) {
                promise.tryComplete();
            } else {
                promise.tryFail(cause);
            }
        }
    }

    /**
     * @param capacity events queued before callers wait for room
     * @param batchSize most events in one INSERT
     * @param writers most batches in flight at once, each on its own connection
     */
    public AuditService(Vertx vertx, AuditRepository repository, int capacity, int batchSize, int writers) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.repository = repository;
        this.capacity = capacity;
        this.batchSize = batchSize;
        this.writers = writers;
    }

    /** Adds a listener told of every event as it is recorded (metrics count them; the dashboard streams them). */
    public void onRecord(java.util.function.Consumer<AuditEvent> listener) {
        listeners.add(listener);
    }

    /**
     * Tells the listeners of events another component wrote in a transaction of its own (so that they commit
     * with the change they describe), once that transaction is committed.
     */
    public synchronized void committed(List<AuditEvent> events) {
        events.forEach(e -> listeners.forEach(l -> l.accept(e)));
    }

    /**
     * Completes when the event is committed to PostgreSQL. The default for every event emitted
     * while handling a request: the caller answers only after this completes.
     */
    public Future<Void> record(AuditEvent event) {
        // Why durable by default: a response says the change happened, so its audit event must survive kill -9.
        return enqueue(event, true);
    }

    /**
     * Completes when the event is queued (at once while there is room, later under backpressure);
     * it is committed with the next batch. Only for events no response waits on (periodic jobs):
     * a crash in the few milliseconds before that commit loses them.
     */
    public Future<Void> recordBatched(AuditEvent event) {
        return enqueue(event, false);
    }

    /** Events queued or waiting for room, for metrics and tests. */
    public synchronized int depth() {
        return queue.size() + waiting.size();
    }

    /** Flushes everything queued; completes when the queue is empty. */
    public Future<Void> close() {
        synchronized (this) {
            if (queue.isEmpty() && waiting.isEmpty() && writing == 0) {
                return Future.succeededFuture();
            }
            if (drained == null) {
                drained = Promise.promise();
            }
            scheduleFlush();
            return drained.future();
        }
    }

    private synchronized Future<Void> enqueue(AuditEvent event, boolean durable) {
        listeners.forEach(l -> l.accept(event));
        Promise<Void> committed = durable ? Promise.promise() : null;
        Context caller = Vertx.currentContext();
        Pending p;
        if (queue.size() < capacity && waiting.isEmpty()) {
            p = new Pending(event, caller, null, committed);
            queue.add(p);
            scheduleFlush();
            return durable ? committed.future() : Future.succeededFuture();
        }
        // Why wait instead of drop: a lost audit event is a hole in the trail an attacker would love.
        // A durable caller waits for the commit anyway: no promise (and no task) for being admitted.
        p = new Pending(event, caller, durable ? null : Promise.promise(), committed);
        waiting.add(p);
        scheduleFlush();
        return durable ? committed.future() : p.accepted().future();
    }

    private void scheduleFlush() {
        if (!flushScheduled && writing < writers) {
            flushScheduled = true;
            context.runOnContext(v -> flush());
        }
    }

    private void flush() {
        List<Pending> batch;
        synchronized (this) {
            flushScheduled = false;
            if (writing >= writers || queue.isEmpty() && waiting.isEmpty()) {
                maybeDrained();
                return;
            }
            admitWaiting();
            batch = new ArrayList<>(Math.min(batchSize, queue.size()));
            for (int i = 0; i < batchSize && !queue.isEmpty(); i++) {
                batch.add(queue.poll());
            }
            writing++;
            if (!queue.isEmpty()) {
                // More than a batch waiting: another writer takes it now, overlapping this one's round trip.
                scheduleFlush();
            }
        }
        List<AuditEvent> events = new ArrayList<>(batch.size());
        batch.forEach(p -> events.add(p.event()));
        repository.insertAll(events).onComplete(ar -> {
            synchronized (this) {
                writing--;
                if (ar.succeeded()) {
                    if (lastWriteFailed) {
                        LOG.info("Audit writes recovered");
                        lastWriteFailed = false;
                    }
                    batch.forEach(p -> p.complete(p.committed()));
                    admitWaiting();
                    scheduleFlush();
                } else {
                    if (!lastWriteFailed) {
                        LOG.log(Level.WARNING, "Audit insert failed; retrying every " + RETRY_DELAY_MS + " ms", ar.cause());
                        lastWriteFailed = true;
                    }
                    // Why fail the waiting requests now (503) while the events stay queued for the retry: during a
                    // database outage a request must get a fast answer, not wait for the outage to end.
                    ApiException unavailable = new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
                            "The audit trail cannot be written right now; try again shortly", 1);
                    batch.forEach(p -> p.fail(p.committed(), unavailable));
                    // Put the batch back in front, in order, so a retry writes exactly what failed.
                    for (int i = batch.size() - 1; i >= 0; i--) {
                        queue.addFirst(batch.get(i));
                    }
                    vertx.setTimer(RETRY_DELAY_MS, t -> {
                        synchronized (this) {
                            scheduleFlush();
                        }
                    });
                }
                maybeDrained();
            }
        });
    }

    private void admitWaiting() {
        while (!waiting.isEmpty() && queue.size() < capacity) {
            Pending p = waiting.poll();
            queue.add(p);
            p.complete(p.accepted());
        }
    }

    private void maybeDrained() {
        if (drained != null && queue.isEmpty() && waiting.isEmpty() && writing == 0) {
            Promise<Void> done = drained;
            drained = null;
            context.runOnContext(v -> done.tryComplete());
        }
    }
}
