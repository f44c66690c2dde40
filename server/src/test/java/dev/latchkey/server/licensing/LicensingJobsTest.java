package dev.latchkey.server.licensing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.server.support.Licensing;
import dev.latchkey.server.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The periodic jobs, run by hand; time is moved by editing timestamps in the database. */
@ExtendWith(VertxExtension.class)
class LicensingJobsTest {

    private static TestServer t;
    private static Licensing lic;
    private static String freeing;

    @BeforeAll
    static void start(Vertx vertx) {
        t = TestServer.start(vertx, "jobs");
        t.createUser("job_admin", "admin-password-1", "admin");
        lic = new Licensing(t, t.adminToken("job_admin", "admin-password-1"));
        freeing = lic.product("Floating", new JsonObject().put("free_seats", true).put("seat_timeout", 3600));
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static long activations(String deviceId) {
        return (Long) t.db.query("SELECT count(*) AS n FROM activations WHERE device_id = ?::uuid", deviceId).get(0).get("n");
    }

    @Test
    @DisplayName("licenses ending within 3 days are announced once (license.expiring_soon)")
    void expiringSoon() {
        String product = lic.product("Soon", new JsonObject());
        String id = lic.issue(product, 1, new JsonObject().put("expires_at", Instant.now().plus(Duration.ofDays(2)).toString()))
                .getJsonObject(0).getString("id");
        lic.issue(product, 1, new JsonObject().put("expires_at", Instant.now().plus(Duration.ofDays(10)).toString()));
        t.services().licensing().jobs().runOnce().await();
        t.services().licensing().jobs().runOnce().await();
        var events = t.audit("license.expiring_soon");
        assertEquals(1, events.stream().filter(e -> id.equals(e.get("target_id"))).count());
        assertEquals(1, events.size());
    }

    @Test
    @DisplayName("a seat silent past the product's timeout is freed while the servers were up all along")
    void seatFreedAfterSilence() {
        JsonObject pair = lic.userWithLicense("job_quiet", freeing, new JsonObject(), "quiet");
        assertTrue(lic.heartbeat(pair.getString("access_token")).getBoolean("valid"));
        t.services().licensing().lastSeen().flush().await();
        assertEquals(1, activations(pair.getString("device_id")));
        t.db.update("UPDATE device_seen SET last_seen_at = now() - interval '2 hours' WHERE device_id = ?::uuid", pair.getString("device_id"));
        t.db.update("INSERT INTO cluster_clock (up_since, last_tick) VALUES (now() - interval '1 day', now()) "
                + "ON CONFLICT (id) DO UPDATE SET up_since = now() - interval '1 day', last_tick = now()");
        t.services().licensing().jobs().runOnce().await();
        assertEquals(0, activations(pair.getString("device_id")));
        assertTrue(t.audit("license.seat_freed").stream().anyMatch(e -> String.valueOf(e.get("details")).contains(pair.getString("device_id"))));
        assertTrue(lic.heartbeat(pair.getString("access_token")).getBoolean("valid"), "the device takes a seat again when it returns");
    }

    @Test
    @DisplayName("after a server outage, silence during the outage does not count: no seat is freed")
    void noMassDeactivationAfterOutage() {
        JsonObject pair = lic.userWithLicense("job_outage", freeing, new JsonObject(), "outage");
        assertTrue(lic.heartbeat(pair.getString("access_token")).getBoolean("valid"));
        t.services().licensing().lastSeen().flush().await();
        t.db.update("UPDATE device_seen SET last_seen_at = now() - interval '2 hours' WHERE device_id = ?::uuid", pair.getString("device_id"));
        // The servers' last tick was 2 hours ago: they were down, so devices could not reach them.
        t.db.update("INSERT INTO cluster_clock (up_since, last_tick) VALUES (now() - interval '1 day', now() - interval '2 hours') "
                + "ON CONFLICT (id) DO UPDATE SET up_since = now() - interval '1 day', last_tick = now() - interval '2 hours'");
        t.services().licensing().jobs().runOnce().await();
        assertEquals(1, activations(pair.getString("device_id")), "kept: the silence was the server's");
        t.services().licensing().jobs().runOnce().await();
        assertEquals(1, activations(pair.getString("device_id")), "still kept until the device has had a full timeout to call");
    }

    @Test
    @DisplayName("products without seat freeing never lose activations to silence")
    void optIn() {
        String fixed = lic.product("Fixed", new JsonObject());
        JsonObject pair = lic.userWithLicense("job_fixed", fixed, new JsonObject(), "fixed");
        lic.heartbeat(pair.getString("access_token"));
        t.db.update("UPDATE device_seen SET last_seen_at = now() - interval '400 days' WHERE device_id = ?::uuid", pair.getString("device_id"));
        t.db.update("UPDATE cluster_clock SET up_since = now() - interval '500 days', last_tick = now()");
        t.services().licensing().jobs().runOnce().await();
        assertEquals(1, activations(pair.getString("device_id")));
    }
}
