package dev.latchkey.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.client.account.Account;
import dev.latchkey.client.account.ClientContext;
import dev.latchkey.client.account.SignIn;
import dev.latchkey.client.http.ApiException;
import dev.latchkey.client.http.DeviceInfo;
import dev.latchkey.client.http.LicenseInfo;
import dev.latchkey.client.support.Contexts;
import dev.latchkey.client.support.LiveServer;
import dev.latchkey.client.support.MemoryVault;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The client's session against the real server: sign-in, device binding, licenses, refresh, sign-out. */
class SessionEndToEndTest {

    private static LiveServer server;
    private static String product;

    @BeforeAll
    static void start() {
        // Short access tokens so that expiry, and the single-flight refresh, happen within the test.
        server = LiveServer.start("session", new JsonObject().put("LATCHKEY_ACCESS_TOKEN_TTL", "3s"));
        product = server.product("Session Pro");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Account signIn(ClientContext ctx, String user, boolean remember) throws ApiException {
        return new SignIn(ctx).login(server.url(), user, ("pw-of-" + user).toCharArray(), remember);
    }

    @Test
    @DisplayName("sign-in binds this machine as a device (marked current, recognised again); another machine is another device; rename and deactivate work")
    void loginBindsDevice() throws Exception {
        server.createUser("e2e_bind", "pw-of-e2e_bind", 3);
        try (ClientContext ctx = Contexts.create(Contexts.home("bind"), new MemoryVault(), Contexts.machine("bind-a"));
             ClientContext other = Contexts.create(Contexts.home("bind2"), new MemoryVault(), Contexts.machine("bind-b"))) {
            Account a = signIn(ctx, "e2e_bind", false);
            assertNotNull(a.deviceId());
            List<DeviceInfo> devices = a.api().devices();
            assertEquals(1, devices.size());
            assertTrue(devices.get(0).current());
            assertEquals(a.deviceId(), devices.get(0).id());
            assertEquals(List.of("board", "cpu", "disk", "machine", "system"), devices.get(0).components().stream().sorted().toList());

            Account again = signIn(ctx, "e2e_bind", false);
            assertEquals(a.deviceId(), again.deviceId(), "the same machine is recognised, not bound twice");
            Account b = signIn(other, "e2e_bind", false);
            assertFalse(b.deviceId().equals(a.deviceId()));
            assertEquals(2, b.api().devices().size());
            DeviceInfo renamed = b.api().renameDevice(a.deviceId(), "Office PC");
            assertEquals("Office PC", renamed.label());
            assertNull(b.api().renameDevice(a.deviceId(), " ").nickname(), "a blank nickname clears it");
            assertEquals(0, b.api().deactivateDevice(a.deviceId()), "no license seats to free");
            assertEquals(List.of(b.deviceId()), b.api().devices().stream().map(DeviceInfo::id).toList());
            assertEquals(1, server.queryLong("SELECT count(*) FROM devices d JOIN users u ON u.id = d.user_id "
                    + "WHERE u.username = 'e2e_bind' AND d.deactivated_at IS NULL"));
        }
    }

    @Test
    @DisplayName("a redeemed key shows up in the license list with its product, features and expiry; a wrong key is refused with the server's code")
    void licensesAndRedeem() throws Exception {
        server.createUser("e2e_lic", "pw-of-e2e_lic", 3);
        try (ClientContext ctx = Contexts.create(Contexts.home("lic"), new MemoryVault(), Contexts.machine("lic"))) {
            Account a = signIn(ctx, "e2e_lic", false);
            assertTrue(a.api().licenses().isEmpty());
            String key = server.issueKey(product, "pro", "export");
            a.api().redeem(dev.latchkey.protocol.license.LicenseKeyFormat.canonical(key).orElseThrow());
            List<LicenseInfo> list = a.api().licenses();
            assertEquals(1, list.size());
            LicenseInfo l = list.get(0);
            assertEquals("Session Pro", l.product());
            assertEquals("active", l.status());
            assertEquals(List.of("pro", "export"), l.features());
            assertNotNull(l.expiresAt(), "a 30-day license has an expiry for the countdown");

            String unknown = dev.latchkey.protocol.license.LicenseKeyFormat.canonical(
                    dev.latchkey.protocol.license.LicenseKeyFormat.generate(new java.security.SecureRandom())).orElseThrow();
            ApiException wrong = assertThrows(ApiException.class, () -> a.api().redeem(unknown));
            assertEquals("LICENSE_NOT_FOUND", wrong.code(), wrong.toString());
            assertEquals(1, a.api().licenses().size());
        }
    }

    @Test
    @DisplayName("20 concurrent calls with an expired access token cause exactly one refresh (client counter and the server's audit rows agree)")
    void singleFlightRefresh() throws Exception {
        server.createUser("e2e_flight", "pw-of-e2e_flight", 3);
        try (ClientContext ctx = Contexts.create(Contexts.home("flight"), new MemoryVault(), Contexts.machine("flight"))) {
            Account a = signIn(ctx, "e2e_flight", false);
            long before = server.auditCount("auth.refresh");
            Thread.sleep(3_200); // the 3 s access token is now expired
            ExecutorService pool = Executors.newFixedThreadPool(20);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> calls = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    calls.add(pool.submit(() -> {
                        go.await();
                        return a.api().licenses().size();
                    }));
                }
                go.countDown();
                for (Future<Integer> f : calls) {
                    assertEquals(0, f.get());
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(1, a.api().session().refreshCount());
            assertEquals(1, server.auditCount("auth.refresh") - before, "one auth.refresh row on the server");
            assertEquals(0, server.auditCount("auth.refresh_reuse"), "no refresh token was presented twice");
        }
    }

    @Test
    @DisplayName("remember me keeps the newest refresh token in the keychain; a restart resumes; sign-out revokes and forgets it")
    void rememberResumeLogout() throws Exception {
        server.createUser("e2e_keep", "pw-of-e2e_keep", 3);
        MemoryVault vault = new MemoryVault();
        var home = Contexts.home("keep");
        Account a;
        try (ClientContext ctx = Contexts.create(home, vault, Contexts.machine("keep"))) {
            a = signIn(ctx, "e2e_keep", true);
            assertEquals(1, vault.entries.size());
            Thread.sleep(3_200);
            a.api().me(); // forces a refresh, which spends the stored token
            assertEquals(a.api().session().current().refreshToken(), vault.entries.values().iterator().next(),
                    "the keychain holds the newest refresh token, not a spent one");
        }
        try (ClientContext restarted = Contexts.create(home, vault, Contexts.machine("keep"))) {
            SignIn signIn = new SignIn(restarted);
            Account resumed = signIn.resume().orElseThrow();
            assertEquals("e2e_keep", resumed.api().me().username());
            signIn.logout(resumed);
            assertTrue(vault.entries.isEmpty());
            ApiException after = assertThrows(ApiException.class, () -> resumed.api().licenses());
            assertEquals(ApiException.NOT_SIGNED_IN, after.code());
            assertTrue(signIn.resume().isEmpty());
        }
        // The first process's tokens belong to the same, now revoked, session.
        ApiException revoked = assertThrows(ApiException.class, () -> a.api().licenses());
        assertEquals(401, revoked.status(), revoked.toString());
    }

    @Test
    @DisplayName("a server that presents another signing key than the pinned one is refused")
    void pinnedKey() throws Exception {
        server.createUser("e2e_pin", "pw-of-e2e_pin", 3);
        try (ClientContext ctx = Contexts.create(Contexts.home("pin"), new MemoryVault(), Contexts.machine("pin"))) {
            signIn(ctx, "e2e_pin", false);
            String origin = ctx.settings().get().pinnedKeys().keySet().iterator().next();
            ctx.settings().update(s -> s.withPinnedKey(origin,
                    "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}"));
            ApiException e = assertThrows(ApiException.class, () -> signIn(ctx, "e2e_pin", false));
            assertEquals("SIGNING_KEY_CHANGED", e.code());
        }
    }
}
