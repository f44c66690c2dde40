package dev.latchkey.plugins.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.plugins.host.PluginState;
import dev.latchkey.plugins.sandbox.SandboxLimits;
import dev.latchkey.plugins.testing.HostFixture;
import dev.latchkey.plugins.testing.Recorder;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documented {@code lk} API, as a plugin author uses it (examples mirror docs/plugins.md). */
class LkApiTest {

    @TempDir
    Path temp;

    private HostFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new HostFixture(temp, SandboxLimits.defaults(), Map.of("greeter", Map.of("greeting", "hello")));
    }

    @Test
    @DisplayName("lk.log and print reach the client's logger with their levels; an unknown level is an error")
    void logging() throws Exception {
        fixture.loadUser("logger", """
                lk.log('debug', 'd') lk.log('info', 'i') lk.log('warn', 'w') lk.log('error', 'e')
                print('printed', 42, nil)
                lk.log('info', 'bad level rejected=' .. tostring(not pcall(lk.log, 'loud', 'x')))
                """);
        List<Recorder.Line> lines = fixture.recorder.logs;
        assertEquals(List.of(Level.DEBUG, Level.INFO, Level.WARNING, Level.ERROR, Level.INFO, Level.INFO),
                lines.stream().map(Recorder.Line::level).toList());
        assertEquals("printed\t42\tnil", lines.get(4).message());
        assertEquals("bad level rejected=true", lines.get(5).message());
    }

    @Test
    @DisplayName("lk.notify shows at most a burst of five, then one per twelve seconds")
    void notificationsAreRateLimited() throws Exception {
        fixture.loadUser("chatty", """
                local shown = {}
                for i = 1, 7 do shown[i] = tostring(lk.notify('title ' .. i, 'text')) end
                lk.log('info', table.concat(shown, ','))
                lk.after(12, function() lk.log('info', 'later=' .. tostring(lk.notify('later', 'text'))) end)
                """);
        assertEquals("true,true,true,true,true,false,false", fixture.logsOf("chatty").get(0));
        fixture.runFor(12);
        assertEquals("later=true", fixture.logsOf("chatty").get(1));
        assertEquals(6, fixture.recorder.notifications.size());
    }

    @Test
    @DisplayName("lk.config reads the plugin's own configuration")
    void config() throws Exception {
        fixture.loadUser("greeter", "lk.log('info', lk.config('greeting') .. ' ' .. tostring(lk.config('missing')))");
        fixture.loadUser("other", "lk.log('info', tostring(lk.config('greeting')))");
        assertEquals(List.of("hello nil"), fixture.logsOf("greeter"));
        assertEquals(List.of("nil"), fixture.logsOf("other"));
    }

    @Test
    @DisplayName("lk.store keeps strings, numbers and booleans across a restart of the host")
    void storePersists() throws Exception {
        String script = """
                local runs = (lk.store.get('runs') or 0) + 1
                lk.store.set('runs', runs)
                lk.store.set('name', 'latchkey')
                lk.store.set('flag', runs > 1)
                lk.store.set('gone', 'x') lk.store.set('gone', nil)
                local keys = lk.store.keys() table.sort(keys)
                lk.log('info', 'runs=' .. runs .. ' flag=' .. tostring(lk.store.get('flag')) .. ' keys=' .. table.concat(keys, ','))
                """;
        fixture.loadUser("counter", script);
        fixture.host.stop();
        fixture.newHost(fixture.guard).load(dev.latchkey.plugins.host.PluginSource.user("counter",
                script.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(List.of("runs=1 flag=false keys=flag,name,runs", "runs=2 flag=true keys=flag,name,runs"),
                fixture.logsOf("counter"));
    }

    @Test
    @DisplayName("lk.store refuses tables, long keys, and growing past 64 KiB")
    void storeLimits() throws Exception {
        fixture.loadUser("hoarder", """
                local function try(f) local ok, err = pcall(f) return ok and 'ok' or err:match('[^\\n]*') end
                lk.log('info', try(function() lk.store.set('t', {}) end))
                lk.log('info', try(function() lk.store.set(('k'):rep(200), 1) end))
                lk.log('info', try(function() lk.store.set('big', ('x'):rep(40000)) end))
                lk.log('info', try(function() lk.store.set('bigger', ('x'):rep(40000)) end))
                lk.log('info', try(function() lk.store.set('big', ('y'):rep(60000)) end))
                """);
        List<String> logs = fixture.logsOf("hoarder");
        assertTrue(logs.get(0).contains("strings, numbers or booleans"), logs.get(0));
        assertTrue(logs.get(1).contains("1 to 128 bytes"), logs.get(1));
        assertEquals("ok", logs.get(2));
        assertTrue(logs.get(3).contains("store is full"), logs.get(3));
        assertEquals("ok", logs.get(4));
    }

    @Test
    @DisplayName("lk.every repeats, lk.after fires once, lk.cancel stops a timer of one's own only")
    void timers() throws Exception {
        fixture.loadUser("ticker", """
                local ticks = 0
                ticker_id = lk.every(1, function() ticks = ticks + 1 lk.log('info', 'tick ' .. ticks) end)
                lk.after(2.5, function() lk.log('info', 'once') end)
                lk.after(3.5, function() lk.log('info', 'cancel=' .. tostring(lk.cancel(ticker_id))) end)
                lk.log('info', 'id ' .. ticker_id)
                lk.log('info', 'too fast rejected=' .. tostring(not pcall(lk.every, 0.5, function() end)))
                lk.log('info', 'too late rejected=' .. tostring(not pcall(lk.after, 1e300, function() end)))
                """);
        String id = fixture.logsOf("ticker").get(0).substring(3);
        fixture.loadUser("meddler", "lk.log('info', 'cancel other=' .. tostring(lk.cancel(" + id + ")))");
        fixture.runFor(6);
        assertEquals(List.of("id " + id, "too fast rejected=true", "too late rejected=true", "tick 1", "tick 2", "once", "tick 3", "cancel=true"),
                fixture.logsOf("ticker"));
        assertEquals(List.of("cancel other=false"), fixture.logsOf("meddler"));
    }

    @Test
    @DisplayName("A plugin may hold at most 64 timers")
    void timerCap() throws Exception {
        fixture.loadUser("greedy", """
                local ok, err = pcall(function() for i = 1, 65 do lk.after(60, function() end) end end)
                lk.log('info', tostring(ok) .. ' ' .. err:match('at most %d+ timers'))
                """);
        assertEquals(List.of("false at most 64 timers"), fixture.logsOf("greedy"));
    }

    @Test
    @DisplayName("lk.license() is a read-only snapshot of the usable licenses")
    void licenseSnapshot() throws Exception {
        fixture.guard.accept(fixture.server.send());
        fixture.loadUser("reader", """
                local l = lk.license()
                local first = l.licenses[1]
                lk.log('info', tostring(l.valid) .. ' ' .. l.code .. ' ' .. l.seconds_left .. ' ' .. first.product
                  .. ' ' .. first.features[1] .. ' ' .. first.expires_at)
                lk.log('info', 'writable=' .. tostring(pcall(function() first.product = 'x' end)))
                """);
        List<String> logs = fixture.logsOf("reader");
        assertTrue(logs.get(0).startsWith("true OK 1800 editor export 20"), logs.get(0));
        assertEquals("writable=false", logs.get(1));
    }

    @Test
    @DisplayName("on_start runs after the main chunk; on_stop runs on unload, and timers stop with the plugin")
    void lifecycle() throws Exception {
        assertEquals(PluginState.RUNNING, fixture.loadUser("cycle", """
                lk.log('info', 'chunk')
                function on_start() lk.log('info', 'start') end
                function on_stop() lk.log('info', 'stop') end
                lk.every(1, function() lk.log('info', 'tick') end)
                """));
        fixture.runFor(1);
        fixture.host.unload("cycle");
        fixture.runFor(3);
        assertEquals(List.of("chunk", "start", "tick", "stop"), fixture.logsOf("cycle"));
        assertEquals(PluginState.STOPPED, fixture.host.state("cycle").orElseThrow());
    }

    @Test
    @DisplayName("The first example of docs/plugins.md runs as documented")
    void documentedExample() throws Exception {
        fixture.guard.accept(fixture.server.send());
        String doc = java.nio.file.Files.readString(Path.of("..", "docs", "plugins.md"));
        int start = doc.indexOf("```lua\n-- hello.lua") + "```lua\n".length();
        String example = doc.substring(start, doc.indexOf("```", start));
        assertEquals(PluginState.RUNNING, fixture.loadUser("greeter", example));
        fixture.runFor(600);
        fixture.host.unload("greeter");
        assertEquals(List.of("hello, run number 1", "offline grace left: 1200 s", "bye"), fixture.logsOf("greeter"));
    }
}
