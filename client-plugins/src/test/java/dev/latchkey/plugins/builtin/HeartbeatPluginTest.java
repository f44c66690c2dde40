package dev.latchkey.plugins.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.plugins.host.PluginHost;
import dev.latchkey.plugins.host.PluginState;
import dev.latchkey.plugins.license.LeaseCheckpoint;
import dev.latchkey.plugins.license.LeaseGuard;
import dev.latchkey.plugins.license.LicenseStatus;
import dev.latchkey.plugins.host.BuiltinPlugins;
import dev.latchkey.plugins.testing.HostFixture;
import dev.latchkey.plugins.testing.LicenseServer;
import dev.latchkey.plugins.testing.Recorder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signed heartbeat.lua running in the real host against an in-process license server and a manual clock. */
class HeartbeatPluginTest {

    private static final long GRACE = LicenseServer.GRACE_SECONDS;
    private static final long INTERVAL = LicenseServer.INTERVAL_SECONDS;

    @TempDir
    Path temp;

    private HostFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new HostFixture(temp);
        assertEquals(PluginState.RUNNING, fixture.loadHeartbeat());
    }

    private LicenseStatus status() {
        return fixture.host.licenseStatus();
    }

    private List<String> heartbeatLogs(String prefix) {
        return fixture.logsOf(BuiltinPlugins.HEARTBEAT).stream().filter(l -> l.startsWith(prefix)).toList();
    }

    @Test
    @DisplayName("It beats on start and then every next_heartbeat_in seconds")
    void beatsOnSchedule() {
        assertEquals(1, fixture.server.beats());
        assertTrue(status().valid());
        fixture.runFor(INTERVAL - 1);
        assertEquals(1, fixture.server.beats());
        fixture.runFor(1);
        assertEquals(2, fixture.server.beats());
        fixture.runFor(3 * INTERVAL);
        assertEquals(5, fixture.server.beats());
        assertEquals(GRACE, status().secondsLeft());
    }

    @Test
    @DisplayName("An outage shorter than the grace period keeps the license, with backoff and the time left shown")
    void shortOutageKeepsLicense() {
        fixture.server.setReachable(false);
        fixture.runFor(1000);
        assertTrue(status().valid());
        assertEquals(GRACE - 1000, status().secondsLeft());
        assertEquals(List.of("Working offline"), fixture.recorder.titles());
        assertTrue(fixture.recorder.notifications.get(0).text().contains("25m 00s"), fixture.recorder.notifications.get(0).text());
        // Failed at 300, then retried after 15, 30, 60, 120 and 240 seconds: 315, 345, 405, 525, 765.
        assertEquals(6, heartbeatLogs("heartbeat failed").size());
        assertTrue(heartbeatLogs("heartbeat failed").get(4).contains("next try in 4m 00s"), heartbeatLogs("heartbeat failed").get(4));
        assertTrue(heartbeatLogs("heartbeat failed").get(5).contains("next try in 5m 00s"), heartbeatLogs("heartbeat failed").get(5));

        fixture.server.setReachable(true);
        fixture.runFor(65);
        assertTrue(status().valid());
        assertEquals(GRACE, status().secondsLeft());
        // The only change ever announced is the unlock by the first beat: the outage changed nothing.
        assertEquals(1, fixture.recorder.licenseChanges.size());
        assertTrue(fixture.recorder.licenseChanges.get(0).valid());
    }

    @Test
    @DisplayName("An outage longer than the grace period locks exactly when the last lease ends, and says so")
    void longOutageLocks() {
        fixture.server.setReachable(false);
        fixture.runFor(GRACE - 1);
        assertTrue(status().valid());
        fixture.runFor(1);
        assertEquals(LicenseStatus.GRACE_EXPIRED, status().code());
        assertFalse(status().valid());
        assertEquals(List.of("Working offline", "License locked"), fixture.recorder.titles());
        assertTrue(fixture.recorder.notifications.get(1).text().contains("grace period has ended"));
        assertFalse(last(fixture.recorder.licenseChanges).valid());
    }

    @Test
    @DisplayName("After the grace period ended, the next good beat unlocks again")
    void recoveryUnlocks() {
        fixture.server.setReachable(false);
        fixture.runFor(GRACE + 10);
        assertFalse(status().valid());
        fixture.server.setReachable(true);
        fixture.runFor(300);
        assertTrue(status().valid());
        assertEquals("License restored", last(fixture.recorder.notifications).title());
        assertTrue(last(fixture.recorder.licenseChanges).valid());
    }

    @Test
    @DisplayName("valid:false locks at once and shows the server's code; a later good beat unlocks")
    void refusalLocksAtOnce() {
        fixture.server.refuseWith("LICENSE_REVOKED");
        fixture.runFor(INTERVAL);
        assertEquals(LicenseStatus.locked("LICENSE_REVOKED"), status());
        Recorder.Notification notice = last(fixture.recorder.notifications);
        assertEquals("License locked", notice.title());
        assertTrue(notice.text().contains("LICENSE_REVOKED"), notice.text());

        fixture.server.refuseWith(null);
        fixture.runFor(INTERVAL);
        assertTrue(status().valid());
        assertEquals("License restored", last(fixture.recorder.notifications).title());
    }

    @Test
    @DisplayName("Setting the system clock back during an outage does not extend the grace period")
    void clockSetBackWhileRunning() {
        fixture.server.setReachable(false);
        fixture.runFor(1000);
        fixture.wallClock.set(Instant.ofEpochSecond(fixture.server.nowSeconds() - 30L * 86_400));
        fixture.runFor(GRACE - 1000);
        assertEquals(LicenseStatus.GRACE_EXPIRED, status().code());
    }

    @Test
    @DisplayName("Restarting offline with the system clock set back resumes only the grace time that was left")
    void clockSetBackAcrossRestart() throws Exception {
        fixture.server.setReachable(false);
        fixture.runFor(1000);
        LeaseCheckpoint saved = fixture.guard.checkpoint().orElseThrow();
        fixture.host.stop();

        fixture.wallClock.set(Instant.ofEpochSecond(fixture.server.nowSeconds() - 30L * 86_400));
        LeaseGuard resumed = new LeaseGuard(fixture.server.pinnedVerifier(), fixture.clock, fixture.wallClock,
                LicenseServer.USER, LicenseServer.DEVICE);
        assertEquals(LeaseGuard.Verdict.ACCEPTED, resumed.resume(saved).verdict());
        PluginHost restarted = fixture.newHost(resumed);
        restarted.load(BuiltinPlugins.load(BuiltinPlugins.HEARTBEAT));
        assertTrue(restarted.licenseStatus().valid());
        assertEquals(GRACE - 1000, restarted.licenseStatus().secondsLeft());
        fixture.clock.advanceSeconds(GRACE - 1000);
        restarted.runDue();
        assertEquals(LicenseStatus.GRACE_EXPIRED, restarted.licenseStatus().code());
    }

    @Test
    @DisplayName("Other plugins hear on_heartbeat and on_license_change, and lk.now() is server time")
    void userPluginsAreTold() throws Exception {
        fixture.loadUser("watcher", """
                function on_heartbeat(r) lk.log('info', 'beat ok=' .. tostring(r.ok)) end
                function on_license_change(old, new)
                  lk.log('info', 'change ' .. tostring(old.valid) .. '->' .. tostring(new.valid) .. ' ' .. new.code)
                end
                lk.every(100, function() lk.log('info', 'now=' .. string.format('%d', lk.now())) end)
                """);
        fixture.wallClock.set(Instant.ofEpochSecond(0));
        fixture.server.setReachable(false);
        fixture.runFor(GRACE);
        List<String> logs = fixture.logsOf("watcher");
        assertTrue(logs.contains("beat ok=false"), logs.toString());
        assertTrue(logs.contains("change true->false GRACE_EXPIRED"), logs.toString());
        assertEquals("now=" + fixture.server.nowSeconds(), logs.stream().filter(l -> l.startsWith("now=")).reduce((a, b) -> b).orElseThrow());
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }
}
