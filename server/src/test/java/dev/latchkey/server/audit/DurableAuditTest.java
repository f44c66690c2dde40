package dev.latchkey.server.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.latchkey.server.support.Licensing;
import dev.latchkey.server.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every audit event of a request is committed before that request's response (issue 9: after a
 * kill -9, every event of a request that got a response is in the database). The writer flushes
 * at once, so a batched event would usually land within milliseconds and a plain "is the row
 * there" check could pass by luck: here the audit table is locked against inserts while the
 * requests run, so an answer that does not wait for its commit shows up as a response.
 */
@ExtendWith(VertxExtension.class)
class DurableAuditTest {

    /** How long an answer is given to overtake its blocked audit insert; a batched one takes milliseconds. */
    private static final long WINDOW_MS = 1000;

    private static TestServer t;
    private static Licensing lic;
    private static String admin;

    @BeforeAll
    static void start(Vertx vertx) {
        t = TestServer.start(vertx, "durableaudit");
        t.createUser("durable_admin", "admin-password-1", "admin");
        admin = t.adminToken("durable_admin", "admin-password-1");
        lic = new Licensing(t, admin);
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static long rows(String action, String column, String value) {
        return (Long) t.db.query("SELECT count(*) AS n FROM audit_events WHERE action = ? AND " + column + " = ?", action, value)
                .get(0).get("n");
    }

    @Test
    @DisplayName("an admin write, a redeem and a failed sign-in are answered only once their audit events are committed")
    void answeredOnlyAfterCommit() throws Exception {
        String product = lic.product("Durable Pro", new JsonObject());
        String key = lic.issueOne(product, new JsonObject());
        t.createUser("durable_user", "password-of-durable_user", "user");
        String user = lic.login("durable_user", "durable").getString("access_token");
        Set<String> emitted = ConcurrentHashMap.newKeySet();
        t.services().audit().onRecord(e -> emitted.add(e.action()));

        List<Future<HttpResponse<Buffer>>> answers;
        boolean answeredEarly;
        try (Connection c = t.db.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            // SHARE mode: reads go on, every INSERT into audit_events waits until we roll back.
            st.execute("LOCK TABLE audit_events IN SHARE MODE");
            answers = List.of(
                    t.withBearer(t.http.post("/api/v1/admin/products"), admin).sendJsonObject(new JsonObject().put("name", "Durable Two")),
                    t.withBearer(t.http.post("/api/v1/admin/blocklist"), admin).sendJsonObject(new JsonObject().put("cidr", "198.51.100.77/32")),
                    t.withBearer(t.http.post("/api/v1/licenses/redeem"), user).sendJsonObject(new JsonObject().put("license_key", key)),
                    t.http.post("/auth/token").sendJsonObject(new JsonObject().put("username", "durable_user").put("password", "wrong-password-1")));
            long deadline = System.currentTimeMillis() + 30_000;
            while (!emitted.containsAll(Set.of("product.create", "ip.block", "license.redeem", "auth.token"))) {
                if (System.currentTimeMillis() > deadline) {
                    fail("the requests never reached their audit events: " + emitted);
                }
                Thread.sleep(20);
            }
            Thread.sleep(WINDOW_MS);
            answeredEarly = answers.stream().anyMatch(Future::isComplete);
            c.rollback();
        }
        assertFalse(answeredEarly, "a response went out while its audit event could not be committed");

        HttpResponse<Buffer> created = answers.get(0).await();
        HttpResponse<Buffer> blocked = answers.get(1).await();
        HttpResponse<Buffer> redeemed = answers.get(2).await();
        HttpResponse<Buffer> refused = answers.get(3).await();
        // Straight after each answer, without waiting for any flush: the rows are there.
        assertEquals(201, created.statusCode(), created.bodyAsString());
        assertEquals(1, rows("product.create", "target_id", created.bodyAsJsonObject().getString("id")));
        assertEquals(201, blocked.statusCode(), blocked.bodyAsString());
        assertEquals(1, rows("ip.block", "target_id", blocked.bodyAsJsonObject().getString("id")));
        assertEquals(200, redeemed.statusCode(), redeemed.bodyAsString());
        assertEquals(1, rows("license.redeem", "target_id", redeemed.bodyAsJsonObject().getString("id")));
        assertEquals(401, refused.statusCode(), refused.bodyAsString());
        assertEquals(1, (Long) t.db.query("SELECT count(*) AS n FROM audit_events WHERE action = 'auth.token' "
                + "AND outcome = 'failure' AND actor_name = 'durable_user'").get(0).get("n"));
    }
}
