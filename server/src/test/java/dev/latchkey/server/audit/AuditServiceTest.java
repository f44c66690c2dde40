package dev.latchkey.server.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.server.support.TestServer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class AuditServiceTest {

    private static TestServer t;

    @BeforeAll
    static void start(Vertx vertx) {
        t = TestServer.start(vertx, "audit");
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static long count(String action) {
        return (Long) t.db.query("SELECT count(*) AS n FROM audit_events WHERE action = ?", action).get(0).get("n");
    }

    private static AuditEvent event(String action, int i) {
        return AuditEvent.of(action, AuditEvent.Outcome.SUCCESS).target("test", i).detail("i", i).build();
    }

    /** Records from an event loop, as request handlers do. */
    private static List<Future<Void>> recordOnEventLoop(Vertx vertx, AuditService audit, String action, int n, boolean durable) {
        Context ctx = vertx.getOrCreateContext();
        Promise<List<Future<Void>>> done = Promise.promise();
        ctx.runOnContext(v -> {
            List<Future<Void>> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(durable ? audit.record(event(action, i)) : audit.recordBatched(event(action, i)));
            }
            done.complete(out);
        });
        return done.future().await();
    }

    @Test
    @DisplayName("a full queue makes callers wait instead of dropping: every event lands exactly once")
    void backpressureLosesNothing(Vertx vertx) {
        AuditService audit = new AuditService(vertx, new AuditRepository(t.services().pool()), 5, 2, 2);
        List<Future<Void>> accepted = recordOnEventLoop(vertx, audit, "test.backpressure", 300, false);
        long waitedForRoom = accepted.stream().filter(f -> !f.isComplete()).count();
        assertTrue(waitedForRoom > 0, "beyond capacity, record() completes only once there is room");
        Future.all(accepted).await();
        audit.close().await();
        assertEquals(300, count("test.backpressure"));
        assertEquals(0, audit.depth());
        var ids = t.db.query("SELECT count(DISTINCT target_id) AS n FROM audit_events WHERE action = 'test.backpressure'");
        assertEquals(300L, ids.get(0).get("n"), "no duplicates");
    }

    @Test
    @DisplayName("record completes only after the row is committed")
    void durable(Vertx vertx) {
        AuditService audit = new AuditService(vertx, new AuditRepository(t.services().pool()), 100, 10, 2);
        List<Future<Void>> f = recordOnEventLoop(vertx, audit, "test.durable", 25, true);
        Future.all(f).await();
        assertEquals(25, count("test.durable"));
    }

    @Test
    @DisplayName("close() flushes everything still queued")
    void closeFlushes(Vertx vertx) {
        AuditService audit = new AuditService(vertx, new AuditRepository(t.services().pool()), 1000, 7, 2);
        recordOnEventLoop(vertx, audit, "test.flush", 100, false);
        audit.close().await();
        assertEquals(100, count("test.flush"));
    }

    @Test
    @DisplayName("when the database refuses a batch the waiting requests get 503 at once, and the events are retried until they land")
    void retriedAfterFailure(Vertx vertx) throws Exception {
        t.db.update("ALTER TABLE audit_events ADD CONSTRAINT reject_for_test CHECK (action <> 'test.retry')");
        AuditService audit = new AuditService(vertx, new AuditRepository(t.services().pool()), 100, 10, 2);
        List<Future<Void>> f = recordOnEventLoop(vertx, audit, "test.retry", 5, true);
        Thread.sleep(1500);
        for (Future<Void> one : f) {
            assertTrue(one.failed(), "a request does not wait out a database outage");
            assertEquals(dev.latchkey.server.http.ErrorCode.SERVICE_UNAVAILABLE,
                    ((dev.latchkey.server.http.ApiException) one.cause()).code());
        }
        assertEquals(0, count("test.retry"));
        t.db.update("ALTER TABLE audit_events DROP CONSTRAINT reject_for_test");
        for (int i = 0; i < 40 && count("test.retry") < 5; i++) {
            Thread.sleep(250);
        }
        assertEquals(5, count("test.retry"), "still queued, written once the database takes them");
        audit.close().await();
        assertEquals(5, count("test.retry"), "exactly once");
    }
}
