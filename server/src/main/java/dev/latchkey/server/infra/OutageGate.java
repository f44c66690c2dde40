package dev.latchkey.server.infra;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Remembers that a backing service is unreachable, so calls fail at once instead of each waiting
 * for its own timeout (a circuit breaker). After a failure that shows the service down, calls are
 * refused for {@code retry}; then one call goes through as a probe, and its success (or the
 * success of any call sent after the last failure) ends the outage. One log line when an outage
 * begins, one when it ends.
 */
final class OutageGate {

    private static final Logger LOG = Logger.getLogger(OutageGate.class.getName());

    private final String service;
    private final long retryNanos;
    /** {@link System#nanoTime()} until which calls are refused; 0 while the service is up. */
    private final AtomicLong downUntil = new AtomicLong();
    private final AtomicBoolean probing = new AtomicBoolean();
    /** The latest failure: answers to calls sent before it say nothing about the service now. */
    private volatile long trippedAt = System.nanoTime();

    OutageGate(String service, Duration retry) {
        this.service = service;
        this.retryNanos = Math.max(1, retry.toNanos());
    }

    /** A call let through, to report the outcome of. */
    final class Pass {
        private final long started = System.nanoTime();
        private final boolean probe;

        private Pass(boolean probe) {
            this.probe = probe;
        }

        /** The service answered (a success, or an error it produced itself). */
        void answered() {
            if (started - trippedAt > 0 && downUntil.getAndSet(0) != 0) {
                LOG.info(service + " answers again");
            }
            release();
        }

        /** The call showed the service down or hung. */
        void down(Throwable cause) {
            long now = System.nanoTime();
            trippedAt = now;
            if (downUntil.getAndSet(now + retryNanos) == 0) {
                LOG.warning(service + " unreachable (" + describe(cause) + "): its calls fail at once, probed every "
                        + Duration.ofNanos(retryNanos).toMillis() + " ms");
            }
            release();
        }

        /** Neither: says nothing about the service. */
        void neutral() {
            release();
        }

        private void release() {
            if (probe) {
                probing.set(false);
            }
        }
    }

    /** A pass for one call, or null when the call must fail at once. */
    Pass enter() {
        long until = downUntil.get();
        if (until == 0) {
            return new Pass(false);
        }
        if (System.nanoTime() - until < 0 || !probing.compareAndSet(false, true)) {
            return null;
        }
        return new Pass(true);
    }

    /** What a failed call says about the service. */
    enum Verdict { UP, DOWN, NEUTRAL }

    /**
     * Runs {@code call} through this gate, bounded by {@code deadlines}: refused at once while the service is
     * known to be down, and its outcome reported (a success says "up"; {@code failure} judges a failure).
     */
    <T> Future<T> call(Deadlines deadlines, Supplier<Future<T>> call, Function<Throwable, Verdict> failure) {
        Pass pass = enter();
        if (pass == null) {
            return Future.failedFuture(refusal());
        }
        Future<T> started;
        try {
            started = call.get();
        } catch (RuntimeException e) {
            started = Future.failedFuture(e);
        }
        return deadlines.bound(started).andThen(ar -> {
            Verdict v = ar.succeeded() ? Verdict.UP : failure.apply(ar.cause());
            switch (v) {
                case UP -> pass.answered();
                case DOWN -> pass.down(ar.cause());
                default -> pass.neutral();
            }
        });
    }

    BackendUnavailableException refusal() {
        return new BackendUnavailableException(service + " is unreachable");
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }
}
