package dev.latchkey.plugins.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.plugins.host.BuiltinPlugins;
import dev.latchkey.plugins.host.PluginHost;
import dev.latchkey.plugins.host.PluginSource;
import dev.latchkey.plugins.host.PluginState;
import dev.latchkey.plugins.license.Heartbeat;
import dev.latchkey.plugins.license.LeaseGuard;
import dev.latchkey.plugins.sandbox.SandboxLimits;
import dev.latchkey.plugins.sandbox.ScriptRejectedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** A plugin host wired as the client wires it, with a manual clock and an in-process license server. */
public final class HostFixture {

    public final ManualClock clock = new ManualClock();
    public final SettableWallClock wallClock = new SettableWallClock(Instant.ofEpochSecond(1_750_000_000L));
    public final LicenseServer server = new LicenseServer(clock);
    public final Recorder recorder = new Recorder();
    public final LeaseGuard guard;
    public final PluginHost host;
    private final Path storeDirectory;
    private final SandboxLimits limits;
    private final Map<String, Map<String, String>> config;

    public HostFixture(Path storeDirectory) {
        this(storeDirectory, SandboxLimits.defaults(), Map.of());
    }

    public HostFixture(Path storeDirectory, SandboxLimits limits, Map<String, Map<String, String>> config) {
        this.storeDirectory = storeDirectory;
        this.limits = limits;
        this.config = config;
        this.guard = new LeaseGuard(server.pinnedVerifier(), clock, wallClock, LicenseServer.USER, LicenseServer.DEVICE);
        this.host = newHost(guard);
    }

    /** A second host over the same store folder and license guard, as after restarting the plugin layer. */
    public PluginHost newHost(LeaseGuard leaseGuard) {
        return PluginHost.builder()
                .clock(clock)
                .limits(limits)
                .logger(recorder)
                .notifier(recorder)
                .observer(recorder)
                .storeDirectory(storeDirectory)
                .config(name -> config.getOrDefault(name, Map.of()))
                .heartbeat(new Heartbeat(server, leaseGuard))
                .build();
    }

    public PluginState loadUser(String name, String script) throws ScriptRejectedException {
        return host.load(PluginSource.user(name, script.getBytes(StandardCharsets.UTF_8)));
    }

    public PluginState loadHeartbeat() throws ScriptRejectedException {
        return host.load(BuiltinPlugins.load(BuiltinPlugins.HEARTBEAT));
    }

    /** Drives the host the way {@code PluginLoop} does, for {@code seconds} of manual time. */
    public void runFor(long seconds) {
        long end = clock.nanoTime() + seconds * 1_000_000_000L;
        for (int steps = 0; steps < 100_000; steps++) {
            long now = clock.nanoTime();
            long wait = Math.min(host.nanosUntilNextDue(), end - now);
            clock.advance(java.time.Duration.ofNanos(wait));
            host.runDue();
            if (clock.nanoTime() >= end) {
                return;
            }
        }
        throw new AssertionError("host never went idle");
    }

    /** Messages logged by {@code plugin}, in order. */
    public java.util.List<String> logsOf(String plugin) {
        return recorder.logs.stream().filter(l -> l.plugin().equals(plugin)).map(Recorder.Line::message).toList();
    }

    /** Proves the host still works after a hostile plugin: a fresh plugin runs, strings behave, timers fire. */
    public void assertHealthy() throws ScriptRejectedException {
        String name = "canary" + recorder.logs.size();
        PluginState state = loadUser(name, """
                assert(("abc"):upper() == "ABC" and string.rep("ab", 2) == "abab")
                assert(("key=value"):match("(%w+)=(%w+)") == "key")
                lk.after(1, function() lk.log("info", "canary ok") end)
                """);
        assertEquals(PluginState.RUNNING, state, () -> "canary failed: " + host.failure(name));
        runFor(1);
        assertTrue(logsOf(name).contains("canary ok"), "canary's timer did not run");
    }
}
