package dev.latchkey.server.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.server.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The overview's numbers, on data chosen so each card and chart bar has a known value: the kept counts on every
 * load, the recount (online, active in 24 hours, sessions, expiry) once it has run.
 */
@ExtendWith(VertxExtension.class)
class OverviewStatsTest {

    private static final String PASSWORD = "admin password 6";
    private static final Pattern STATS = Pattern.compile("data-stats=\"([^\"]+)\"");
    private static TestServer t;
    private static Browser admin;

    @BeforeAll
    static void start(Vertx vertx) {
        t = TestServer.start(vertx, "overview");
        t.createUser("ov_admin", PASSWORD, "admin");
        admin = Browser.signIn(t, "ov_admin", PASSWORD);
        t.db.update("INSERT INTO users (id, username, password_hash, blocked) SELECT md5('u' || i)::uuid, 'ov_' || i, 'x', i = 5 "
                + "FROM generate_series(1, 5) AS i");
        // Online (seen now): devices 1 and 2; seen two hours ago: 3; deactivated although seen now: 4.
        t.db.update("INSERT INTO devices (id, user_id, components, deactivated_at) SELECT md5('d' || i)::uuid, "
                + "md5('u' || i)::uuid, jsonb_build_object('cpu', encode(sha256(i::text::bytea), 'hex')), "
                + "CASE WHEN i = 4 THEN now() END FROM generate_series(1, 4) AS i");
        t.db.update("INSERT INTO device_seen (device_id, last_seen_at) SELECT md5('d' || i)::uuid, "
                + "CASE WHEN i = 3 THEN now() - interval '2 hours' ELSE now() END FROM generate_series(1, 4) AS i");
        t.db.update("INSERT INTO sessions (id, user_id, kind, device_id, expires_at, revoked_at) VALUES "
                + "(gen_random_uuid(), md5('u1')::uuid, 'client', md5('d1')::uuid, now() + interval '1 day', NULL), "
                + "(gen_random_uuid(), md5('u2')::uuid, 'client', md5('d2')::uuid, now() + interval '1 day', NULL), "
                + "(gen_random_uuid(), md5('u3')::uuid, 'client', md5('d3')::uuid, now() - interval '1 minute', NULL), "
                + "(gen_random_uuid(), md5('u1')::uuid, 'api', NULL, now() + interval '10 minutes', NULL), "
                + "(gen_random_uuid(), md5('u2')::uuid, 'web', NULL, now() + interval '1 hour', now())");
        t.db.update("INSERT INTO products (id, name) VALUES ('00000000-0000-0000-0000-0000000000a1', 'Counted')");
        t.db.update("INSERT INTO licenses (id, product_id, key_hash, key_last4, status, expires_at, duration_days) "
                + "SELECT gen_random_uuid(), '00000000-0000-0000-0000-0000000000a1', sha256(v.n::bytea), 'ABCD', v.status, "
                + "now() + v.days * interval '1 day', v.duration FROM (VALUES "
                + "('never', 'active', NULL::int, NULL::int), ('first use', 'active', NULL, 30), ('3 days', 'active', 3, NULL), "
                + "('20 days', 'active', 20, NULL), ('60 days', 'active', 60, NULL), ('200 days', 'active', 200, NULL), "
                + "('past due', 'active', -1, NULL), ('suspended', 'suspended', 100, NULL), ('revoked', 'revoked', NULL, NULL), "
                + "('expired', 'expired', -10, NULL)) AS v(n, status, days, duration)");
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static JsonObject stats() {
        HttpResponse<Buffer> r = admin.get("/admin");
        assertEquals(200, r.statusCode(), r.bodyAsString());
        Matcher m = STATS.matcher(r.bodyAsString());
        assertTrue(m.find());
        return new JsonObject(m.group(1).replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&"));
    }

    @Test
    @DisplayName("kept counts are exact at once; online, active, sessions and expiry arrive with the first recount")
    void numbers() throws InterruptedException {
        JsonObject first = stats();
        assertEquals(6, first.getJsonObject("users").getLong("total"));
        assertEquals(1, first.getJsonObject("users").getLong("blocked"));
        assertEquals(3, first.getJsonObject("devices").getLong("active"));
        JsonObject licenses = first.getJsonObject("licenses");
        assertEquals(6, licenses.getLong("active"), "the license past its expiry is not active");
        assertEquals(2, licenses.getLong("expired"), "it counts as expired before the job marks it");
        assertEquals(1, licenses.getLong("suspended"));
        assertEquals(1, licenses.getLong("revoked"));
        assertEquals(10, licenses.getLong("total"));

        JsonObject recounted = first;
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!recounted.containsKey("recounted_at") && System.nanoTime() < end) {
            Thread.sleep(100);
            recounted = stats();
        }
        assertNotNull(recounted.getString("recounted_at"), "a recount arrives within seconds of the first load");
        assertEquals(2, recounted.getJsonObject("devices").getLong("online"));
        assertEquals(5, recounted.getJsonObject("users").getLong("active_24h"), "the admin signed in, four users' devices were seen");
        assertEquals(new JsonObject().put("web", 1L).put("client", 2L).put("api", 1L), recounted.getJsonObject("sessions"));
        assertTrue(recounted.getJsonObject("logins").getLong("success") >= 1, "the admin's sign-in: " + recounted.getJsonObject("logins"));
        JsonObject expiry = recounted.getJsonObject("expiry");
        for (String k : new String[] {"within_7d", "within_30d", "within_90d", "later", "on_activation", "never"}) {
            assertEquals(1, expiry.getLong(k), k);
        }
        assertEquals(1, recounted.getJsonObject("licenses").getLong("expiring_7d"));

        String page = admin.get("/admin").bodyAsString();
        assertFalse(page.contains("id=\"recount-done\" hidden"), "the page says when it was counted");
        assertTrue(page.contains("id=\"recount-pending\" hidden"));
    }
}
