package dev.latchkey.plugins.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.plugins.sandbox.ScriptRejectedException;
import dev.latchkey.plugins.testing.HostFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginLoadingTest {

    @TempDir
    Path temp;

    private HostFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new HostFixture(temp);
    }

    private String rejection(String name, String script) {
        return assertThrows(ScriptRejectedException.class, () -> fixture.loadUser(name, script)).getMessage();
    }

    @Test
    @DisplayName("Plugin names are a safe alphabet, since they name files and loggers")
    void names() {
        for (String bad : new String[] {"", "Upper", "../escape", "a/b", "9lives", "x".repeat(65), "dots.lua"}) {
            assertTrue(rejection(bad, "").contains("plugin names"), bad);
        }
    }

    @Test
    @DisplayName("A plugin cannot be loaded twice while running, but can be reloaded after a stop")
    void duplicates() throws Exception {
        assertEquals(PluginState.RUNNING, fixture.loadUser("twice", ""));
        assertTrue(rejection("twice", "").contains("already running"));
        fixture.host.unload("twice");
        assertEquals(PluginState.RUNNING, fixture.loadUser("twice", ""));
    }

    @Test
    @DisplayName("Syntax errors, oversized and absurdly nested scripts are refused with a reason")
    void refusedScripts() {
        assertTrue(rejection("broken", "function (").contains("syntax error"));
        assertTrue(rejection("huge", "-- " + "x".repeat(300 * 1024)).contains("cap"));
        String nested = rejection("nested", "return " + "(".repeat(100_000) + "1" + ")".repeat(100_000));
        assertTrue(nested.contains("syntax error") || nested.contains("nests too deeply"), nested);
        assertEquals(java.util.List.of(), fixture.recorder.failures);
    }

    @Test
    @DisplayName("The plugin loop runs callbacks on its own thread and stops plugins on close")
    void loopThread() throws Exception {
        java.util.concurrent.BlockingQueue<String> seen = new java.util.concurrent.LinkedBlockingQueue<>();
        PluginHost host = PluginHost.builder()
                .storeDirectory(temp)
                .logger((plugin, level, message) -> seen.add(message + " on " + Thread.currentThread().getName()))
                .heartbeat(new dev.latchkey.plugins.license.Heartbeat(fixture.server, fixture.guard))
                .build();
        PluginLoop loop = new PluginLoop(host);
        assertEquals(PluginState.RUNNING, loop.load(PluginSource.user("async", """
                lk.after(0.05, function() lk.log('info', 'fired') end)
                function on_stop() lk.log('info', 'stopped') end
                """.getBytes(StandardCharsets.UTF_8))).get(2, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals("fired on latchkey-plugins", seen.poll(2, java.util.concurrent.TimeUnit.SECONDS));
        java.util.concurrent.ExecutionException refused = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> loop.load(PluginSource.user("bad", "(".getBytes(StandardCharsets.UTF_8))).get(2, java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(refused.getCause() instanceof ScriptRejectedException);
        loop.close();
        assertEquals("stopped on latchkey-plugins", seen.poll(2, java.util.concurrent.TimeUnit.SECONDS));
    }
}
