package dev.latchkey.server.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class DeadlinesTest {

    /** A sweep period that never comes during a test: the test sweeps by itself, with no timer racing it. */
    private static final long NEVER = Duration.ofHours(1).toMillis();

    @Test
    @DisplayName("An operation past its limit fails with a TimeoutException; one that answers in time keeps its answer")
    void overdueFailsAnsweredPasses(Vertx vertx) {
        Deadlines d = new Deadlines(vertx, "Thing", Duration.ofHours(1), NEVER);
        try {
            Promise<String> hung = Promise.promise();
            Promise<String> quick = Promise.promise();
            Future<String> hungBounded = d.bound(hung.future());
            Future<String> quickBounded = d.bound(quick.future());
            quick.complete("answer");
            assertEquals("answer", quickBounded.result());

            d.sweep(System.nanoTime());
            assertFalse(hungBounded.isComplete(), "within its limit: still waiting");
            d.sweep(System.nanoTime() + Duration.ofHours(1).plusSeconds(1).toNanos());
            assertTrue(hungBounded.failed());
            assertInstanceOf(TimeoutException.class, hungBounded.cause());
            assertEquals("Thing did not answer within 3600000 ms", hungBounded.cause().getMessage());
            assertTrue(TimedPool.showsDown(hungBounded.cause()), "a deadline miss counts as the service being down");
            assertEquals(0, d.size(), "both left the queue");

            hung.complete("too late");
            assertTrue(hungBounded.failed(), "a late answer does not undo the timeout");
        } finally {
            d.close();
        }
    }

    @Test
    @DisplayName("Finished operations leave the queue at the next sweep; an already finished one is not queued at all")
    void queueDrains(Vertx vertx) {
        Deadlines d = new Deadlines(vertx, "Thing", Duration.ofHours(1), NEVER);
        try {
            Future<String> done = Future.succeededFuture("x");
            assertSame(done, d.bound(done));
            for (int i = 0; i < 1000; i++) {
                Promise<Integer> p = Promise.promise();
                d.bound(p.future());
                p.complete(i);
            }
            assertEquals(1000, d.size());
            d.sweep(System.nanoTime());
            assertEquals(0, d.size());
        } finally {
            d.close();
        }
    }

    @Test
    @DisplayName("Operations started on an event loop are swept by that loop's own timer")
    void eventLoopSweep(Vertx vertx) throws Exception {
        Deadlines d = new Deadlines(vertx, "Thing", Duration.ofMillis(50));
        try {
            java.util.concurrent.CompletableFuture<Future<String>> started = new java.util.concurrent.CompletableFuture<>();
            vertx.runOnContext(v -> started.complete(d.bound(Promise.<String>promise().future())));
            assertTimesOut(started.get(), "the loop's sweep");
        } finally {
            d.close();
        }
    }

    @Test
    @DisplayName("Closing fails what still waits instead of leaving it hanging")
    void closeFailsWaiting(Vertx vertx) {
        Deadlines d = new Deadlines(vertx, "Thing", Duration.ofHours(1), NEVER);
        Future<String> waiting = d.bound(Promise.<String>promise().future());
        d.close();
        assertTrue(waiting.failed());
    }

    @Test
    @DisplayName("The periodic sweep enforces a short limit by itself")
    void periodicSweep(Vertx vertx) throws Exception {
        Deadlines d = new Deadlines(vertx, "Thing", Duration.ofMillis(50));
        try {
            assertTimesOut(d.bound(Promise.<String>promise().future()), "the shared sweep");
        } finally {
            d.close();
        }
    }

    /** Waits up to 5 s for {@code hung} to fail with a timeout that no one but a sweep can have caused. */
    private static void assertTimesOut(Future<?> hung, String by) throws InterruptedException {
        long start = System.nanoTime();
        while (!hung.isComplete() && System.nanoTime() - start < Duration.ofSeconds(5).toNanos()) {
            Thread.sleep(5);
        }
        assertTrue(hung.failed(), "failed by " + by + " within 5 s");
        assertInstanceOf(TimeoutException.class, hung.cause());
    }
}
