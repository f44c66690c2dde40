package dev.latchkey.server.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.server.support.Licensing;
import dev.latchkey.server.support.TcpProxy;
import dev.latchkey.server.support.TestDatabase;
import dev.latchkey.server.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL or Redis disappearing or hanging under a running server, simulated with a
 * {@link TcpProxy} in front of the shared services (which are never stopped): requests that need
 * the missing service get a fast 503, the others keep working, and the server recovers by itself.
 */
@ExtendWith(VertxExtension.class)
class BackendOutageTest {

    private static final URI PG = URI.create(TestDatabase.SERVER.replace("postgresql://", "http://"));

    /** Closes the server only after the proxy forwards again, so a failed test cannot leave the shutdown hanging. */
    private record Healed(TcpProxy proxy, TestServer server) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            proxy.heal();
            server.close();
        }
    }

    /** A response and how long it took. */
    private record Timed(HttpResponse<Buffer> response, long millis) {
        int status() {
            return response.statusCode();
        }

        String code() {
            JsonObject b = response.bodyAsJsonObject();
            return b.containsKey("error") ? b.getJsonObject("error").getString("code") : b.getString("code");
        }
    }

    private static Timed timed(Future<HttpResponse<Buffer>> call, long startNanos) {
        HttpResponse<Buffer> r = call.await();
        return new Timed(r, (System.nanoTime() - startNanos) / 1_000_000);
    }

    private static Timed heartbeat(TestServer t, String token) {
        long start = System.nanoTime();
        return timed(t.withBearer(t.http.post("/api/v1/heartbeat"), token).sendJsonObject(new JsonObject()), start);
    }

    private static Timed licenses(TestServer t, String token) {
        long start = System.nanoTime();
        return timed(t.withBearer(t.http.get("/api/v1/licenses"), token).send(), start);
    }

    private static String viaProxy(String uri, TcpProxy proxy) {
        return uri.replace(PG.getHost() + ":" + PG.getPort(), "127.0.0.1:" + proxy.port());
    }

    private static void assertUnavailable(Timed r, long withinMillis, String what) {
        assertEquals(503, r.status(), what + ": " + r.response().bodyAsString());
        assertEquals("SERVICE_UNAVAILABLE", r.code(), what);
        assertNotNull(r.response().getHeader("Retry-After"), what + ": Retry-After");
        assertTrue(r.millis() < withinMillis, what + " answered in " + r.millis() + " ms, expected under " + withinMillis);
    }

    /** A user with devices A and B signed in and one license of 2 seats, activated on A only. */
    private static JsonObject[] userWithTwoDevices(TestServer t, String prefix) {
        t.createUser(prefix + "_admin", "admin-password-1", "admin");
        Licensing lic = new Licensing(t, t.adminToken(prefix + "_admin", "admin-password-1"));
        String product = lic.product(prefix + " product", new JsonObject());
        t.createUser(prefix + "_user", "password-of-" + prefix + "_user", "user", 5);
        JsonObject a = lic.login(prefix + "_user", prefix + "-a");
        JsonObject b = lic.login(prefix + "_user", prefix + "-b");
        assertEquals(200, lic.redeem(a.getString("access_token"),
                lic.issueOne(product, new JsonObject().put("max_activations", 2))).statusCode());
        for (int i = 0; i < 2; i++) { // the first beat activates A, the second fills the entitlement cache
            assertTrue(lic.heartbeat(a.getString("access_token")).getBoolean("valid"));
        }
        return new JsonObject[] {a, b};
    }

    @Test
    @Timeout(180)
    @DisplayName("PostgreSQL down: what needs it gets 503 at once, cached heartbeats go on; back up: served again without a restart")
    void postgresDown(Vertx vertx) throws Exception {
        try (TcpProxy pg = TcpProxy.start(PG.getHost(), PG.getPort());
             Healed h = new Healed(pg, TestServer.start(vertx, "pgdown", new JsonObject(), uri -> viaProxy(uri, pg)))) {
            TestServer t = h.server();
            JsonObject[] devices = userWithTwoDevices(t, "pgd");
            String a = devices[0].getString("access_token");
            String b = devices[1].getString("access_token");

            pg.refuse();
            assertUnavailable(heartbeat(t, b), 2000, "a first heartbeat (needs a seat) while PostgreSQL is down");
            assertUnavailable(licenses(t, a), 2000, "a read of PostgreSQL while it is down");
            Timed cached = heartbeat(t, a);
            assertEquals(200, cached.status(), "a device holding its seat is served from Redis");
            assertTrue(cached.response().bodyAsJsonObject().getBoolean("valid"));

            pg.restore();
            Timed after = untilOk(() -> heartbeat(t, b));
            assertEquals(200, after.status(), "served again after PostgreSQL is back, without a restart");
            assertTrue(after.response().bodyAsJsonObject().getBoolean("valid"), after.response().bodyAsString());
            assertEquals(2L, t.db.query("SELECT count(*) AS n FROM activations").get(0).get("n"));
        }
    }

    @Test
    @Timeout(180)
    @DisplayName("PostgreSQL hangs: 503 within the wait and query timeouts, at once beyond the wait queue and once it counts as down; thawed: served again")
    void postgresHangs(Vertx vertx) throws Exception {
        JsonObject limits = new JsonObject()
                .put("LATCHKEY_PG_POOL_SIZE", 2)
                .put("LATCHKEY_PG_WAIT_QUEUE", 3)
                .put("LATCHKEY_PG_WAIT_TIMEOUT", "1s")
                .put("LATCHKEY_PG_QUERY_TIMEOUT", "2s");
        try (TcpProxy pg = TcpProxy.start(PG.getHost(), PG.getPort());
             Healed h = new Healed(pg, TestServer.start(vertx, "pghang", limits, uri -> viaProxy(uri, pg)))) {
            TestServer t = h.server();
            JsonObject[] devices = userWithTwoDevices(t, "pgh");
            String a = devices[0].getString("access_token");
            assertEquals(200, licenses(t, a).status());

            // A client of its own with room for all ten requests at once (the default pools 5 connections).
            WebClient wide = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                    .setDefaultPort(t.server.port()), new PoolOptions().setHttp1MaxSize(16));
            pg.freeze();
            long start = System.nanoTime();
            List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
            long[] done = new long[10];
            for (int i = 0; i < 10; i++) {
                int n = i;
                calls.add(wide.get("/api/v1/licenses").putHeader("Authorization", "Bearer " + a).send()
                        .andThen(x -> done[n] = System.nanoTime()));
            }
            List<Long> fast = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                HttpResponse<Buffer> response = calls.get(i).await();
                Timed r = new Timed(response, (done[i] - start) / 1_000_000);
                // 2 run on the pool's connections (given up after 1 + 2 s), 3 wait for one (1 s), 5 find the queue full.
                assertUnavailable(r, 6000, "a read while PostgreSQL hangs");
                if (r.millis() < 900) {
                    fast.add(r.millis());
                }
            }
            wide.close();
            assertTrue(fast.size() >= 4, "requests beyond the wait queue are refused at once: " + fast);
            assertUnavailable(licenses(t, a), 500, "once a statement timed out, PostgreSQL counts as down: refused at once");
            Timed cached = heartbeat(t, a);
            assertEquals(200, cached.status(), "heartbeats of a seated device do not need PostgreSQL");

            pg.thaw();
            Timed after = untilOk(() -> licenses(t, a));
            assertEquals(200, after.status(), "served again once PostgreSQL answers, without a restart");
        }
    }

    @Test
    @Timeout(180)
    @DisplayName("Redis hangs: heartbeats are answered from PostgreSQL within the Redis timeout, then without waiting; thawed: Redis used again")
    void redisHangs(Vertx vertx) throws Exception {
        URI redisUri = URI.create(TestServer.REDIS);
        try (TcpProxy redis = TcpProxy.start(redisUri.getHost(), redisUri.getPort());
             Healed h = new Healed(redis, TestServer.start(vertx, "redishang", new JsonObject()
                     .put("LATCHKEY_REDIS_URI", "redis://127.0.0.1:" + redis.port())
                     .put("LATCHKEY_REDIS_TIMEOUT", "500ms")))) {
            TestServer t = h.server();
            JsonObject[] devices = userWithTwoDevices(t, "rdh");
            String a = devices[0].getString("access_token");

            redis.freeze();
            Timed first = heartbeat(t, a);
            assertEquals(200, first.status(), first.response().bodyAsString());
            assertTrue(first.response().bodyAsJsonObject().getBoolean("valid"));
            assertTrue(first.millis() < 3000, "the first heartbeat waits for the Redis timeout only: " + first.millis() + " ms");
            for (int i = 0; i < 5; i++) {
                Timed next = heartbeat(t, a);
                assertEquals(200, next.status(), next.response().bodyAsString());
                assertTrue(next.millis() < 1000, "later heartbeats do not wait for Redis: " + next.millis() + " ms");
            }
            assertTrue(t.services().protection().limiter().degraded(), "rate limits degraded while Redis hangs");

            redis.thaw();
            for (int i = 0; i < 40 && t.services().protection().limiter().degraded(); i++) {
                Thread.sleep(250);
                assertEquals(200, heartbeat(t, a).status());
            }
            assertFalse(t.services().protection().limiter().degraded(), "rate limits are back in Redis without a restart");
        }
    }

    /** Calls {@code call} every 250 ms, at most 40 times, until it answers 200; the last answer. */
    private static Timed untilOk(java.util.function.Supplier<Timed> call) throws InterruptedException {
        Timed last = call.get();
        for (int i = 1; i < 40 && last.status() != 200; i++) {
            Thread.sleep(250);
            last = call.get();
        }
        return last;
    }
}
