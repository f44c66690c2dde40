package dev.latchkey.server.licensing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.server.support.Hwids;
import dev.latchkey.server.support.Licensing;
import dev.latchkey.server.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class HeartbeatTest {

    private static TestServer t;
    private static Licensing lic;
    private static String product;

    @BeforeAll
    static void start(Vertx vertx) {
        t = TestServer.start(vertx, "heartbeat");
        t.createUser("hb_admin", "admin-password-1", "admin");
        lic = new Licensing(t, t.adminToken("hb_admin", "admin-password-1"));
        product = lic.product("Beat Pro", new JsonObject().put("heartbeat_interval", 120).put("grace_period", 1800));
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    /** Verifies a lease with jose4j against the JWK the server publishes: nothing of ours involved. */
    private static JsonObject verifiedClaims(String lease) throws Exception {
        String jwk = t.http.get("/api/v1/signing-key").send().await().bodyAsString();
        JsonWebKey key = JsonWebKey.Factory.newJwk(jwk);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, "EdDSA"));
        jws.setCompactSerialization(lease);
        jws.setKey(key.getKey());
        assertTrue(jws.verifySignature(), "lease signature verifies with the published JWK");
        return new JsonObject(jws.getPayload());
    }

    @Test
    @DisplayName("a good heartbeat answers valid with a lease that an independent JOSE library verifies; exp - iat is the grace period")
    void validLease() throws Exception {
        JsonObject pair = lic.userWithLicense("hb_good", product, new JsonObject().put("features", new JsonArray().add("pro")), "good");
        JsonObject hb = lic.heartbeat(pair.getString("access_token"));
        assertTrue(hb.getBoolean("valid"), hb.encode());
        assertEquals("OK", hb.getString("code"));
        assertEquals(120, hb.getInteger("next_heartbeat_in"));
        assertNull(hb.getString("license_expiry"), "perpetual");
        JsonObject claims = verifiedClaims(hb.getString("lease"));
        assertEquals(pair.getString("user_id"), claims.getString("sub"));
        assertEquals(pair.getString("device_id"), claims.getString("did"));
        assertEquals(1800, claims.getLong("exp") - claims.getLong("iat"));
        JsonObject l = claims.getJsonArray("licenses").getJsonObject(0);
        assertEquals("active", l.getString("status"));
        assertEquals(new JsonArray().add("pro"), l.getJsonArray("features"));
        JsonObject jwk = t.http.get("/api/v1/signing-key").send().await().bodyAsJsonObject();
        assertEquals("OKP", jwk.getString("kty"));
        assertEquals("Ed25519", jwk.getString("crv"));
        assertFalse(jwk.containsKey("d"), "no private part");
    }

    @Test
    @DisplayName("an unchanged lease is handed out again without a new signature; a change to what it says signs a new one at once")
    void leaseReuse() throws Exception {
        JsonObject pair = lic.userWithLicense("hb_reuse", product,
                new JsonObject().put("expires_at", Instant.now().plus(Duration.ofDays(10)).toString()), "reuse");
        String access = pair.getString("access_token");
        String first = lic.heartbeat(access).getString("lease");
        assertEquals(first, lic.heartbeat(access).getString("lease"), "same licenses, same lease");
        String id = t.get("/api/v1/licenses", access).bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("id");
        lic.patchLicense(id, new JsonObject().put("expires_at", Instant.now().plus(Duration.ofDays(20)).toString()));
        String changed = lic.heartbeat(access).getString("lease");
        assertFalse(first.equals(changed), "the new expiry needs a new lease");
        JsonObject before = verifiedClaims(first);
        JsonObject after = verifiedClaims(changed);
        assertTrue(after.getLong("iat") >= before.getLong("iat"));
        assertFalse(before.getJsonArray("licenses").equals(after.getJsonArray("licenses")), after.encode());
        lic.patchLicense(id, new JsonObject().put("status", "suspended"));
        assertNull(lic.heartbeat(access).getString("lease"), "no lease while suspended");
    }

    @Test
    @DisplayName("suspend, reinstate and revoke reach the very next heartbeat")
    void statusChanges() {
        JsonObject pair = lic.userWithLicense("hb_status", product, new JsonObject(), "status");
        String access = pair.getString("access_token");
        assertTrue(lic.heartbeat(access).getBoolean("valid"));
        String id = t.get("/api/v1/licenses", access).bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("id");
        lic.patchLicense(id, new JsonObject().put("status", "suspended"));
        JsonObject suspended = lic.heartbeat(access);
        assertFalse(suspended.getBoolean("valid"));
        assertEquals("LICENSE_SUSPENDED", suspended.getString("code"));
        assertNull(suspended.getString("lease"));
        lic.patchLicense(id, new JsonObject().put("status", "active"));
        assertTrue(lic.heartbeat(access).getBoolean("valid"));
        lic.patchLicense(id, new JsonObject().put("status", "revoked"));
        assertEquals("LICENSE_REVOKED", lic.heartbeat(access).getString("code"));
        HttpResponse<Buffer> back = lic.patchLicense(id, new JsonObject().put("status", "active"));
        assertEquals(409, back.statusCode(), "revocation is final");
        assertTrue(t.audit("license.suspend").stream().anyMatch(r -> id.equals(r.get("target_id"))));
        assertTrue(t.audit("license.revoke").stream().anyMatch(r -> id.equals(r.get("target_id"))));
    }

    @Test
    @DisplayName("an absolute expiry is enforced on every check, before the job runs; extending brings the license back")
    void absoluteExpiry() {
        JsonObject pair = lic.userWithLicense("hb_exp", product,
                new JsonObject().put("expires_at", Instant.now().plus(Duration.ofDays(10)).toString()), "exp");
        String access = pair.getString("access_token");
        JsonObject ok = lic.heartbeat(access);
        assertTrue(ok.getBoolean("valid"));
        assertNotNull(ok.getString("license_expiry"));
        String id = t.get("/api/v1/licenses", access).bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("id");
        lic.patchLicense(id, new JsonObject().put("expires_at", Instant.now().minusSeconds(1).toString()));
        JsonObject expired = lic.heartbeat(access);
        assertFalse(expired.getBoolean("valid"));
        assertEquals("LICENSE_EXPIRED", expired.getString("code"));
        t.services().licensing().jobs().runOnce().await();
        assertEquals("expired", t.db.query("SELECT status FROM licenses WHERE id = ?::uuid", id).get(0).get("status"));
        assertTrue(t.audit("license.expired").stream().anyMatch(r -> id.equals(r.get("target_id"))));
        lic.patchLicense(id, new JsonObject().put("expires_at", Instant.now().plus(Duration.ofDays(30)).toString()));
        assertTrue(lic.heartbeat(access).getBoolean("valid"), "extended");
    }

    @Test
    @DisplayName("a duration license starts its clock at first activation")
    void durationFromFirstActivation() {
        JsonObject pair = lic.userWithLicense("hb_dur", product, new JsonObject().put("duration_days", 30), "dur");
        String id = t.get("/api/v1/licenses", pair.getString("access_token")).bodyAsJsonObject()
                .getJsonArray("items").getJsonObject(0).getString("id");
        assertNull(t.db.query("SELECT expires_at FROM licenses WHERE id = ?::uuid", id).get(0).get("expires_at"));
        JsonObject hb = lic.heartbeat(pair.getString("access_token"));
        assertTrue(hb.getBoolean("valid"), hb.encode());
        Instant expiry = Instant.parse(hb.getString("license_expiry"));
        long days = Duration.between(Instant.now(), expiry).toHours();
        assertTrue(days >= 30 * 24 - 1 && days <= 30 * 24, "about 30 days from now: " + expiry);
        assertNotNull(t.db.query("SELECT expires_at FROM licenses WHERE id = ?::uuid", id).get(0).get("expires_at"));
    }

    @Test
    @DisplayName("N+5 devices racing for N seats: exactly N activations, the rest DEVICE_LIMIT_REACHED; re-activation is idempotent")
    void activationRace() {
        int seats = 3;
        t.createUser("hb_race", "password-of-hb_race", "user", 20);
        List<Future<HttpResponse<Buffer>>> logins = new ArrayList<>();
        for (int i = 0; i < seats + 5; i++) {
            logins.add(t.http.post("/auth/client/login").sendJsonObject(new JsonObject().put("username", "hb_race")
                    .put("password", "password-of-hb_race").put("hwid", Hwids.machine("race-" + i))));
        }
        Future.join(logins).await();
        List<String> tokens = new ArrayList<>();
        logins.forEach(f -> tokens.add(f.result().bodyAsJsonObject().getString("access_token")));
        String key = lic.issueOne(product, new JsonObject().put("max_activations", seats));
        assertEquals(200, lic.redeem(tokens.get(0), key).statusCode());

        List<Future<HttpResponse<Buffer>>> beats = new ArrayList<>();
        for (String token : tokens) {
            beats.add(t.withBearer(t.http.post("/api/v1/heartbeat"), token).sendJsonObject(new JsonObject()));
        }
        Future.join(beats).await();
        long valid = beats.stream().filter(f -> f.result().bodyAsJsonObject().getBoolean("valid")).count();
        assertEquals(seats, valid);
        beats.stream().map(f -> f.result().bodyAsJsonObject()).filter(o -> !o.getBoolean("valid"))
                .forEach(o -> assertEquals("DEVICE_LIMIT_REACHED", o.getString("code")));
        String licenseId = t.get("/api/v1/licenses", tokens.get(0)).bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("id");
        assertEquals((long) seats, t.db.query("SELECT count(*) AS n FROM activations WHERE license_id = ?::uuid", licenseId).get(0).get("n"));

        for (String token : tokens) {
            lic.heartbeat(token);
        }
        assertEquals((long) seats, t.db.query("SELECT count(*) AS n FROM activations WHERE license_id = ?::uuid", licenseId).get(0).get("n"),
                "beating again activates nothing new");
    }

    @Test
    @DisplayName("a blacklisted HWID loses its session at once and cannot sign in on any account")
    void blacklist() {
        JsonObject pair = lic.userWithLicense("hb_black", product, new JsonObject(), "evil-pc");
        assertTrue(lic.heartbeat(pair.getString("access_token")).getBoolean("valid"));
        HttpResponse<Buffer> add = t.withBearer(t.http.post("/api/v1/admin/hwid-blacklist"), lic.admin())
                .sendJsonObject(new JsonObject().put("device_id", pair.getString("device_id")).put("reason", "chargeback")).await();
        assertEquals(201, add.statusCode(), add.bodyAsString());
        assertEquals(1, add.bodyAsJsonObject().getInteger("devices_deactivated"));
        assertEquals(401, t.withBearer(t.http.post("/api/v1/heartbeat"), pair.getString("access_token"))
                .sendJsonObject(new JsonObject()).await().statusCode());
        HttpResponse<Buffer> again = t.postJson("/auth/client/login", new JsonObject().put("username", "hb_black")
                .put("password", "password-of-hb_black").put("hwid", Hwids.machine("evil-pc")));
        assertEquals(403, again.statusCode());
        assertEquals("HWID_BLACKLISTED", again.bodyAsJsonObject().getJsonObject("error").getString("code"));
        t.createUser("hb_black2", "password-of-hb_black2", "user");
        HttpResponse<Buffer> other = t.postJson("/auth/client/login", new JsonObject().put("username", "hb_black2")
                .put("password", "password-of-hb_black2").put("hwid", Hwids.of("evil-pc-cpu", "evil-pc-board", "evil-pc-disk", "evil-pc-mac", "NEW")));
        assertEquals(403, other.statusCode(), "4 of 5 parts equal is the same machine, on another account too");
        assertTrue(t.audit("hwid.blacklist").size() >= 1);
    }

    @Test
    @DisplayName("without a license the heartbeat says LICENSE_NOT_FOUND; an automation token has no device")
    void noLicense() {
        t.createUser("hb_none", "password-of-hb_none", "user");
        JsonObject hb = lic.heartbeat(lic.login("hb_none", "none").getString("access_token"));
        assertFalse(hb.getBoolean("valid"));
        assertEquals("LICENSE_NOT_FOUND", hb.getString("code"));
        assertEquals("DEVICE_DEACTIVATED", lic.heartbeat(lic.admin()).getString("code"));
    }

    @Test
    @DisplayName("heartbeats record the device's last-seen time (batched)")
    void lastSeen() {
        JsonObject pair = lic.userWithLicense("hb_seen", product, new JsonObject(), "seen");
        t.db.update("UPDATE device_seen SET last_seen_at = now() - interval '1 day' WHERE device_id = ?::uuid", pair.getString("device_id"));
        lic.heartbeat(pair.getString("access_token"));
        t.services().licensing().lastSeen().flush().await();
        var seen = (java.sql.Timestamp) t.db.query("SELECT last_seen_at FROM device_seen WHERE device_id = ?::uuid",
                pair.getString("device_id")).get(0).get("last_seen_at");
        assertTrue(seen.toInstant().isAfter(Instant.now().minusSeconds(60)), seen.toString());
    }
}
