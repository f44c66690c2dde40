package dev.latchkey.server.licensing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.server.support.Licensing;
import dev.latchkey.server.support.PrivateRedis;
import dev.latchkey.server.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class InvalidationRetryTest {

    @Test
    @DisplayName("an admin change made while Redis refuses writes reaches heartbeats as soon as Redis takes writes again, "
            + "without another change or a restart")
    void refusedInvalidationIsRetried(Vertx vertx) throws Exception {
        try (PrivateRedis redis = PrivateRedis.start();
             TestServer t = TestServer.start(vertx, "invretry", new JsonObject().put("LATCHKEY_REDIS_URI", redis.uri()))) {
            t.createUser("inv_admin", "admin-password-1", "admin");
            Licensing lic = new Licensing(t, t.adminToken("inv_admin", "admin-password-1"));
            String product = lic.product("Retry", new JsonObject());
            String access = lic.userWithLicense("inv_user", product, new JsonObject(), "inv").getString("access_token");
            JsonObject first = lic.heartbeat(access);
            assertTrue(first.getBoolean("valid"), first.encode());
            String licenseId = first.getJsonArray("licenses").getJsonObject(0).getString("id");
            // The first beat activated the license, which invalidated the entry it had filled: this one fills it again.
            assertTrue(lic.heartbeat(access).getBoolean("valid"));

            // Redis out of memory: it still answers reads (the cached entry) but refuses every write (the invalidation).
            redis.command("CONFIG", "SET", "maxmemory-policy", "noeviction");
            redis.command("CONFIG", "SET", "maxmemory", "1");
            assertEquals(200, lic.patchLicense(licenseId, new JsonObject().put("status", "suspended")).statusCode(),
                    "the change itself is stored in PostgreSQL");
            JsonObject stale = lic.heartbeat(access);
            assertTrue(stale.getBoolean("valid"),
                    "while Redis refuses the invalidation, the entry cached before the change is still served: " + stale.encode());

            redis.command("CONFIG", "SET", "maxmemory", "0");
            String code = null;
            for (int i = 0; i < 50 && !"LICENSE_SUSPENDED".equals(code); i++) {
                code = lic.heartbeat(access).getString("code");
                Thread.sleep(100);
            }
            assertEquals("LICENSE_SUSPENDED", code, "the invalidation Redis refused was sent again once it took writes");
        }
    }
}
