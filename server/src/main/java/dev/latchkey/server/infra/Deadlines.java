package dev.latchkey.server.infra;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One time limit for many short operations: each bounded operation joins a queue in the order it
 * started, and a periodic sweep fails those past their deadline. An operation may so run up to one
 * sweep period (a tenth of the limit, at most 100 ms) longer than the limit.
 *
 * <p>Why not {@link Future#timeout}: in Vert.x 5 each call schedules a timer on Netty's single global
 * executor thread and cancels it again, each time with a lock and a thread wake-up; at tens of thousands
 * of Redis commands a second that cost more server CPU than the commands themselves (JFR, BENCHMARKS.md).
 * Here a bounded operation costs one queue insertion. Each event loop has a queue and a sweep of its
 * own, so neither touches the other's memory; other threads share one.
 */
final class Deadlines {

    /** One bounded operation; {@code promise} is dropped once it completes, so its result is not kept here. */
    private static final class Pending {
        final long deadline;
        Promise<?> promise;

        Pending(long deadline, Promise<?> promise) {
            this.deadline = deadline;
            this.promise = promise;
        }
    }

    private static final Logger LOG = Logger.getLogger(Deadlines.class.getName());

    private final Vertx vertx;
    private final String service;
    private final long limitNanos;
    private final long limitMs;
    private final long periodMs;
    /** Operations started off the event loops. */
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final long timer;
    /** Operations started on an event loop, in that loop's own queue, swept by a timer on that loop. */
    private final ThreadLocal<Local> locals = ThreadLocal.withInitial(this::newLocal);
    private final ConcurrentLinkedQueue<Local> allLocals = new ConcurrentLinkedQueue<>();

    private final class Local {
        final ArrayDeque<Pending> queue = new ArrayDeque<>();
        // Why Netty's loop and not vertx.setPeriodic: a Vert.x timer dies with the verticle whose context made it.
        final io.netty.channel.EventLoop loop = ((ContextInternal) Vertx.currentContext()).nettyEventLoop();
        final java.util.concurrent.ScheduledFuture<?> timer = loop.scheduleAtFixedRate(
                () -> sweep(queue, System.nanoTime()), periodMs, periodMs, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    Deadlines(Vertx vertx, String service, Duration limit) {
        this(vertx, service, limit, Math.max(1, Math.min(100, limit.toMillis() / 10)));
    }

    /** {@code periodMs}: how often the sweeps run (tests choose one that never fires). */
    Deadlines(Vertx vertx, String service, Duration limit, long periodMs) {
        this.vertx = vertx;
        this.service = service;
        this.limitMs = Math.max(1, limit.toMillis());
        this.limitNanos = limitMs * 1_000_000;
        this.periodMs = Math.max(1, periodMs);
        this.timer = vertx.setPeriodic(this.periodMs, id -> sweep(pending, System.nanoTime()));
    }

    private Local newLocal() {
        Local local = new Local();
        allLocals.add(local);
        return local;
    }

    /** {@code operation}'s outcome, or a {@link TimeoutException} once it has run longer than the limit. */
    <T> Future<T> bound(Future<T> operation) {
        if (operation.isComplete()) {
            return operation;
        }
        Promise<T> bounded = Promise.promise();
        Pending p = new Pending(System.nanoTime() + limitNanos, bounded);
        if (Context.isOnEventLoopThread() && Vertx.currentContext() != null) {
            locals.get().queue.add(p);
        } else {
            pending.add(p);
        }
        operation.onComplete(ar -> {
            p.promise = null;
            if (ar.succeeded()) {
                bounded.tryComplete(ar.result());
            } else {
                bounded.tryFail(ar.cause());
            }
        });
        return bounded.future();
    }

    /**
     * Fails the overdue operations at the head of the queue and drops the finished ones there. Deadlines
     * follow start order, so the sweep stops at the first operation still within its limit.
     */
    void sweep(long now) {
        sweep(pending, now);
        if (Context.isOnEventLoopThread()) {
            sweep(locals.get().queue, now);
        }
    }

    private void sweep(java.util.Queue<Pending> queue, long now) {
        for (Pending head = queue.peek(); head != null; head = queue.peek()) {
            Promise<?> waiting = head.promise;
            if (waiting != null && !waiting.future().isComplete()) {
                if (now - head.deadline < 0) {
                    return;
                }
                fail(waiting, service + " did not answer within " + limitMs + " ms");
            }
            queue.poll();
        }
    }

    /**
     * Why the catch: the promise has no context, so its listeners run right here; one that throws must not
     * end the sweep (Netty would cancel the periodic task for good) nor keep the rest of the queue waiting.
     */
    private static void fail(Promise<?> waiting, String message) {
        try {
            waiting.tryFail(new Overdue(message));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a timed-out operation's handler failed", e);
        }
    }

    /** Operations started and not yet swept away (finished ones leave at the next sweep). */
    int size() {
        return pending.size() + (Context.isOnEventLoopThread() ? locals.get().queue.size() : 0);
    }

    /** Stops the sweeps; what is still waiting fails now rather than never. */
    void close() {
        vertx.cancelTimer(timer);
        failAll(pending);
        for (Local local : allLocals) {
            local.timer.cancel(false);
            try {
                // Each loop's queue is only ever touched by that loop.
                local.loop.execute(() -> failAll(local.queue));
            } catch (java.util.concurrent.RejectedExecutionException loopGone) {
                // The loop has stopped: nothing runs there any more to wait for an answer.
            }
        }
    }

    private void failAll(java.util.Queue<Pending> queue) {
        for (Pending p = queue.poll(); p != null; p = queue.poll()) {
            Promise<?> waiting = p.promise;
            if (waiting != null) {
                fail(waiting, service + " client closed before it answered");
            }
        }
    }

    /** A timeout without a stack trace: it says where only "the service", never which caller. */
    static final class Overdue extends TimeoutException {
        Overdue(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
