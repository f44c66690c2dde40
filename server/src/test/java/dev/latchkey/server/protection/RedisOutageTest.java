package dev.latchkey.server.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.server.support.Licensing;
import dev.latchkey.server.support.PrivateRedis;
import dev.latchkey.server.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Stops and restarts a Redis of the test's own under a running server. */
@ExtendWith(VertxExtension.class)
class RedisOutageTest {

    /** The subjects counted in the login class's hashes (a window's counters are the fields of its hashes). */
    private static String loginCounters(PrivateRedis redis, TestServer t) throws java.io.IOException {
        return redis.command("EVAL", "local out = {} for _, k in ipairs(redis.call('KEYS', ARGV[1])) do "
                + "for _, f in ipairs(redis.call('HKEYS', k)) do out[#out + 1] = f end end return out", "0", t.redisPrefix + "rl:login:*");
    }

    private static HttpResponse<Buffer> login(TestServer t, String user, String password) {
        return t.http.post("/auth/login").sendJsonObject(new JsonObject().put("username", user).put("password", password)).await();
    }

    @Test
    @DisplayName("Redis down: sign-ins still limited in-process, heartbeats served, degradation audited once; back up: Redis limits again, no restart")
    void outageAndRecovery(Vertx vertx) throws Exception {
        try (PrivateRedis redis = PrivateRedis.start();
             TestServer t = TestServer.start(vertx, "redisdown", new JsonObject().put("LATCHKEY_REDIS_URI", redis.uri())
                     .put("LATCHKEY_RATE_LOGIN", "5/5m"))) {
            t.createUser("out_admin", "admin-password-1", "admin");
            Licensing lic = new Licensing(t, t.adminToken("out_admin", "admin-password-1"));
            String product = lic.product("Outage", new JsonObject());
            JsonObject pair = lic.userWithLicense("out_user", product, new JsonObject(), "out");
            assertTrue(lic.heartbeat(pair.getString("access_token")).getBoolean("valid"));

            redis.down();
            for (int i = 0; i < 5; i++) {
                assertEquals(401, login(t, "out_nobody", "wrong-password").statusCode());
            }
            HttpResponse<Buffer> sixth = login(t, "out_nobody", "wrong-password");
            assertEquals(429, sixth.statusCode(), "limited in-process while Redis is down");
            JsonObject hb = lic.heartbeat(pair.getString("access_token"));
            assertTrue(hb.getBoolean("valid"), "heartbeats keep working without Redis: " + hb.encode());
            String access = pair.getString("access_token");
            String licenseId = t.get("/api/v1/licenses", access).bodyAsJsonObject().getJsonArray("items").getJsonObject(0)
                    .getString("id");
            lic.patchLicense(licenseId, new JsonObject().put("status", "suspended"));
            assertEquals("LICENSE_SUSPENDED", lic.heartbeat(access).getString("code"),
                    "an admin change made while Redis is down reaches the next heartbeat");
            long degraded = t.audit("ratelimit.degraded").size();
            assertEquals(1, degraded, "audited once per outage");

            redis.up();
            HttpResponse<Buffer> after = null;
            for (int i = 0; i < 40; i++) {
                after = login(t, "out_back", "wrong-password");
                if (loginCounters(redis, t).contains("out_back")) {
                    break;
                }
                Thread.sleep(250);
            }
            assertTrue(loginCounters(redis, t).contains("out_back"),
                    "counters are in Redis again, without restarting the server");
            assertEquals(401, after.statusCode());
            assertEquals("LICENSE_SUSPENDED", lic.heartbeat(access).getString("code"),
                    "nothing cached before the outage brings the old state back");
            lic.patchLicense(licenseId, new JsonObject().put("status", "active"));
            assertTrue(lic.heartbeat(access).getBoolean("valid"));
        }
    }
}
