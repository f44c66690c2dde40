package dev.latchkey.server.licensing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.server.auth.SessionCache;
import dev.latchkey.server.infra.RedisStore;
import dev.latchkey.server.support.Licensing;
import dev.latchkey.server.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import io.vertx.junit5.VertxExtension;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a heartbeat keeps in Redis, and for how long: the cache lifetimes follow the protocol, not a constant. */
@ExtendWith(VertxExtension.class)
class HeartbeatCacheTest {

    private static TestServer t;
    private static Licensing lic;
    private static String product;

    @BeforeAll
    static void start(Vertx vertx) {
        t = TestServer.start(vertx, "hbcache", new JsonObject().put("LATCHKEY_ACCESS_TOKEN_TTL", "20m"));
        t.createUser("hbc_admin", "admin-password-1", "admin");
        lic = new Licensing(t, t.adminToken("hbc_admin", "admin-password-1"));
        product = lic.product("Cache Pro", new JsonObject().put("heartbeat_interval", 300).put("grace_period", 1800));
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static RedisStore redis() {
        return t.services().redis();
    }

    private static SessionCache sessions() {
        return new SessionCache(redis(), java.time.Duration.ofHours(1));
    }

    private static UUID sessionOf(JsonObject pair) {
        String claims = pair.getString("access_token").split("\\.")[1];
        return UUID.fromString(new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(claims))).getString("sid"));
    }

    private static long ttlSeconds(UUID sessionId) {
        return redis().send(Command.TTL, sessions().key(sessionId)).await().toLong();
    }

    @Test
    @DisplayName("a steady heartbeat is answered from the session's Redis entry: PostgreSQL may change underneath unread, "
            + "until an admin change invalidates it on the next beat")
    void entitlementsStayCachedUntilTheyChange() {
        JsonObject pair = lic.userWithLicense("hbc_steady", product, new JsonObject().put("features", new JsonArray().add("pro")), "steady");
        String access = pair.getString("access_token");
        assertTrue(lic.heartbeat(access).getBoolean("valid"));
        String licenseId = lic.heartbeat(access).getJsonArray("licenses").getJsonObject(0).getString("id");

        // Behind the server's back: no invalidation, so only a read of PostgreSQL could show it.
        t.db.update("UPDATE licenses SET features = '{edited}' WHERE id = ?::uuid", licenseId);
        for (int i = 0; i < 3; i++) {
            assertEquals(new JsonArray().add("pro"), lic.heartbeat(access).getJsonArray("licenses").getJsonObject(0)
                    .getJsonArray("features"), "beats are answered from the cache, not from PostgreSQL");
        }

        assertEquals(200, lic.patchLicense(licenseId, new JsonObject().put("max_activations", 3)).statusCode());
        assertEquals(new JsonArray().add("edited"), lic.heartbeat(access).getJsonArray("licenses").getJsonObject(0)
                .getJsonArray("features"), "an admin change bumps the generation: the next beat reloads");
    }

    @Test
    @DisplayName("the session's entry lives as long as its access token can (20 minutes here, never the heartbeat interval or less), "
            + "and a refresh extends it for the new token")
    void sessionEntryLivesAsLongAsTheToken() {
        JsonObject pair = lic.userWithLicense("hbc_ttl", product, new JsonObject(), "ttl");
        assertTrue(lic.heartbeat(pair.getString("access_token")).getBoolean("valid"));
        UUID sid = sessionOf(pair);
        long ttl = ttlSeconds(sid);
        assertTrue(ttl > 1100 && ttl <= 1200, "entry TTL follows the 20-minute token, got " + ttl + " s");

        redis().send(Command.EXPIRE, sessions().key(sid), "100").await();
        JsonObject next = t.postJson("/auth/refresh", new JsonObject().put("refresh_token", pair.getString("refresh_token")))
                .bodyAsJsonObject();
        assertNotNull(next.getString("access_token"), next.encode());
        long extended = ttlSeconds(sid);
        assertTrue(extended > 1100 && extended <= 1200, "a refresh extends the entry for the new token, got " + extended + " s");
        assertTrue(lic.heartbeat(next.getString("access_token")).getBoolean("valid"));
    }

    @Test
    @DisplayName("a revoked session's entry is never refilled or given a lease, whatever arrives after the revocation")
    void revocationCannotBeUndoneByAFill() {
        SessionCache cache = sessions();
        UUID sid = UUID.randomUUID();
        cache.fill(sid, new byte[] {1, 2, 3}, 600).await();
        assertEquals(SessionCache.State.LIVE, entry(sid).state());
        cache.writeSlot(sid, new byte[SessionCache.SLOT]).await();
        cache.rememberRevoked(sid).await();

        cache.fill(sid, new byte[] {4, 5, 6}, 600).await();
        cache.writeSlot(sid, new byte[SessionCache.SLOT]).await();
        cache.rememberLive(sid, 600).await();
        assertEquals(SessionCache.State.REVOKED, entry(sid).state(), "fills, lease writes and live marks keep a revocation");
        assertEquals("0", redis().send(Command.GET, cache.key(sid)).await().toString());
    }

    @Test
    @DisplayName("a fill keeps the lease slot of the entry it replaces, and a lease written later lands behind the state byte")
    void fillKeepsTheLeaseSlot() {
        SessionCache cache = sessions();
        UUID sid = UUID.randomUUID();
        cache.rememberLive(sid, 600).await();
        byte[] slot = new byte[SessionCache.SLOT];
        java.util.Arrays.fill(slot, (byte) 7);
        cache.writeSlot(sid, slot).await();
        cache.fill(sid, new byte[] {9, 9}, 600).await();
        SessionCache.Entry e = entry(sid);
        assertEquals(SessionCache.State.LIVE, e.state());
        assertTrue(java.util.Arrays.equals(slot, e.slot()), "the slot survives the fill");
        assertTrue(java.util.Arrays.equals(new byte[] {9, 9}, e.body()));
        long ttl = ttlSeconds(sid);
        assertTrue(ttl > 590 && ttl <= 600, "a fill sets the entry's lifetime: " + ttl);
    }

    private static SessionCache.Entry entry(UUID sid) {
        Response r = redis().send(Command.GET, sessions().key(sid)).await();
        return SessionCache.Entry.parse(r);
    }
}
