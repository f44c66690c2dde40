package dev.latchkey.plugins.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.latchkey.plugins.host.PluginFailure;
import dev.latchkey.plugins.host.PluginSource;
import dev.latchkey.plugins.host.PluginState;
import dev.latchkey.plugins.testing.HostFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each hostile script must be stopped within a second with a clear reason, and the host must still run
 * other plugins afterwards ({@link HostFixture#assertHealthy}).
 */
class HostileScriptTest {

    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    /**
     * A smaller instruction budget and a longer deadline than the defaults, so that on a loaded machine
     * the budget a test expects is the one that fires first; the mechanisms are the same.
     */
    private static final SandboxLimits LIMITS = SandboxLimits.defaults().withInstructions(500_000)
            .withDeadline(Duration.ofMillis(600));

    @TempDir
    Path temp;

    private HostFixture fixture;

    @BeforeAll
    static void warmUp(@TempDir Path dir) throws Exception {
        // Class loading and the first compile of LuaJ are not what the one-second bound is about.
        new HostFixture(dir).loadUser("warmup", "local s = ('x'):rep(10):upper() .. 'y'");
    }

    @BeforeEach
    void setUp() {
        fixture = new HostFixture(temp.resolve("store"), LIMITS, Map.of());
    }

    private PluginFailure stopped(String script) throws Exception {
        return stopped(fixture, script);
    }

    private static PluginFailure stopped(HostFixture fixture, String script) throws Exception {
        PluginState state = assertTimeoutPreemptively(ONE_SECOND, () -> fixture.loadUser("hostile", script));
        assertEquals(PluginState.FAILED, state);
        PluginFailure failure = fixture.host.failure("hostile").orElseThrow();
        assertEquals(failure, fixture.recorder.failures.get(fixture.recorder.failures.size() - 1));
        fixture.assertHealthy();
        return failure;
    }

    private static void assertLimit(PluginFailure failure, SandboxViolation.Kind kind, String fragment) {
        assertEquals(kind, failure.limit(), failure.reason());
        assertTrue(failure.reason().contains(fragment), failure.reason());
    }

    private static void assertScriptError(PluginFailure failure, String fragment) {
        assertNull(failure.limit(), failure.reason());
        assertTrue(failure.reason().contains(fragment), failure.reason());
    }

    @Test
    @DisplayName("require of a Java class fails: there is no require and no package library")
    void requireJavaClass() throws Exception {
        PluginFailure failure = stopped("local lib = require 'org.luaj.vm2.lib.jse.LuajavaLib'");
        assertScriptError(failure, "attempt to call nil");
        assertScriptError(stopped("return package.loaded.io"), "attempt to index ? (a nil value)");
    }

    @Test
    @DisplayName("luajava is absent, so no Java class can be bound")
    void luajava() throws Exception {
        assertScriptError(stopped("local rt = luajava.bindClass('java.lang.Runtime')"), "attempt to index ? (a nil value)");
    }

    @Test
    @DisplayName("io.open is absent and no file is written")
    void ioOpen() throws Exception {
        Path target = temp.resolve("written-by-plugin.txt");
        String script = "local f = io.open('" + target.toString().replace("\\", "/") + "', 'w') f:write('x') f:close()";
        assertScriptError(stopped(script), "attempt to index ? (a nil value)");
        assertFalse(Files.exists(target));
    }

    @Test
    @DisplayName("os.execute is absent (os has only time and clock) and no command runs")
    void osExecute() throws Exception {
        Path target = temp.resolve("touched-by-plugin");
        assertScriptError(stopped("os.execute('touch " + target.toString().replace("\\", "/") + "')"), "attempt to call nil");
        assertFalse(Files.exists(target));
    }

    @Test
    @DisplayName("debug.getregistry is absent: there is no debug library")
    void debugRegistry() throws Exception {
        assertScriptError(stopped("local r = debug.getregistry()"), "attempt to index ? (a nil value)");
    }

    @Test
    @DisplayName("load(string.dump(f)) fails: string.dump and load are both absent")
    void loadDump() throws Exception {
        assertScriptError(stopped("local f = function() return 1 end local code = load(string.dump(f))"),
                "attempt to call nil");
        assertScriptError(stopped("return load('return 1')"), "attempt to call nil");
    }

    @Test
    @DisplayName("Precompiled bytecode is refused before it runs")
    void bytecodeRefused() {
        byte[] chunk = {0x1b, 'L', 'u', 'a', 0x52, 0, 1, 4, 4, 4, 8, 0};
        ScriptRejectedException e = assertThrows(ScriptRejectedException.class,
                () -> fixture.host.load(PluginSource.user("binary", chunk)));
        assertTrue(e.getMessage().contains("bytecode"), e.getMessage());
    }

    @Test
    @DisplayName("while true do end is stopped by the instruction budget")
    void infiniteLoop() throws Exception {
        assertLimit(stopped("while true do end"), SandboxViolation.Kind.INSTRUCTION_BUDGET, "500000 instructions");
    }

    @Test
    @DisplayName("while true do end inside pcall is stopped too: pcall cannot catch the budget")
    void infiniteLoopInsidePcall() throws Exception {
        PluginFailure failure = stopped("""
                local ok = pcall(function() while true do end end)
                lk.log('info', 'escaped the budget')
                """);
        assertLimit(failure, SandboxViolation.Kind.INSTRUCTION_BUDGET, "500000 instructions");
        assertFalse(fixture.logsOf("hostile").contains("escaped the budget"));
    }

    @Test
    @DisplayName("An xpcall handler that loops again cannot swallow the budget")
    void xpcallHandlerCannotSwallow() throws Exception {
        PluginFailure failure = stopped("""
                while true do
                  xpcall(function() while true do end end, function() while true do end end)
                end
                """);
        assertLimit(failure, SandboxViolation.Kind.INSTRUCTION_BUDGET, "500000 instructions");
    }

    @Test
    @DisplayName("A loop under a huge instruction budget is stopped by the wall-clock deadline")
    void deadline() throws Exception {
        HostFixture slow = new HostFixture(temp.resolve("slow"),
                SandboxLimits.defaults().withInstructions(Long.MAX_VALUE).withDeadline(Duration.ofMillis(100)), Map.of());
        assertLimit(stopped(slow, "while true do end"), SandboxViolation.Kind.DEADLINE, "deadline");
    }

    @Test
    @DisplayName("string.rep('x', 1e9) is refused before a byte is allocated")
    void stringRepBomb() throws Exception {
        assertLimit(stopped("local s = string.rep('x', 1e9)"), SandboxViolation.Kind.STRING_TOO_LARGE, "cap");
    }

    @Test
    @DisplayName("Doubling a string in a loop is stopped at the string cap")
    void concatDoubling() throws Exception {
        assertLimit(stopped("local s = 'x' while true do s = s .. s end"), SandboxViolation.Kind.STRING_TOO_LARGE, "cap");
    }

    @Test
    @DisplayName("A backtracking pattern on a long string is stopped by the step limit")
    void pathologicalPattern() throws Exception {
        // Default budget: pattern steps count against it, and the per-call cap must be the lower of the two.
        HostFixture defaults = new HostFixture(temp.resolve("defaults"),
                SandboxLimits.defaults().withDeadline(LIMITS.deadlinePerCallback()), Map.of());
        assertLimit(stopped(defaults, "local r = ('a'):rep(20000):find('.-.-.-b$')"),
                SandboxViolation.Kind.PATTERN_TOO_COMPLEX, "pattern too complex");
    }

    @Test
    @DisplayName("Deep recursion is stopped at the call-depth cap, before the Java stack overflows")
    void deepRecursion() throws Exception {
        assertLimit(stopped("local function f(n) return 1 + f(n + 1) end f(1)"), SandboxViolation.Kind.CALL_DEPTH, "depth");
    }

    @Test
    @DisplayName("Changing the string metatable has no effect on another plugin")
    void stringMetatable() throws Exception {
        assertEquals(PluginState.RUNNING, fixture.loadUser("attacker", """
                local attempts = {
                  function() getmetatable('').__index = {upper = function() return 'pwned' end} end,
                  function() getmetatable('').__index.upper = function() return 'pwned' end end,
                  function() string.upper = function() return 'pwned' end end,
                  function() rawset(string, 'upper', function() return 'pwned' end) end,
                  function() setmetatable(string, {__index = function() return 'pwned' end}) end,
                  function() table.insert(string, 'pwned') end,
                }
                local changed = 0
                for _, attempt in ipairs(attempts) do
                  if pcall(attempt) then changed = changed + 1 end
                end
                lk.log('info', 'changed=' .. changed .. ' metatable=' .. tostring(getmetatable('')))
                """));
        assertEquals("changed=0 metatable=false", fixture.logsOf("attacker").get(0));
        assertEquals(PluginState.RUNNING, fixture.loadUser("victim", "lk.log('info', ('abc'):upper() .. string.upper('d'))"));
        assertEquals("ABCD", fixture.logsOf("victim").get(0));
    }

    @Test
    @DisplayName("Allocating without bound is stopped by the memory budget")
    void memoryBudget() throws Exception {
        assumeTrue(ThreadAllocation.supported(), "per-thread allocation accounting needs HotSpot");
        HostFixture capped = new HostFixture(temp.resolve("capped"),
                LIMITS.withInstructions(Long.MAX_VALUE).withMaxAllocatedBytes(16L << 20), Map.of());
        assertLimit(stopped(capped, "local t = {} for i = 1, 1e9 do t[i] = string.rep('x', 4096) .. i end"),
                SandboxViolation.Kind.MEMORY_BUDGET, "MiB");
    }

    @Test
    @DisplayName("gsub cannot amplify a string past the cap")
    void gsubAmplification() throws Exception {
        assertLimit(stopped("local s = ('x'):rep(1000):gsub('', ('y'):rep(100000))"),
                SandboxViolation.Kind.STRING_TOO_LARGE, "cap");
    }

    @Test
    @DisplayName("table.concat of many large strings is refused before it is built")
    void tableConcatBomb() throws Exception {
        assertLimit(stopped("local big, t = ('x'):rep(1000000), {} for i = 1, 200 do t[i] = big end local s = table.concat(t)"),
                SandboxViolation.Kind.STRING_TOO_LARGE, "cap");
    }

    @Test
    @DisplayName("string.format with many large arguments is refused before it is built")
    void formatBomb() throws Exception {
        assertLimit(stopped("local big, t = ('x'):rep(1000000), {} for i = 1, 100 do t[i] = big end "
                + "local s = string.format(('%s'):rep(100), table.unpack(t))"), SandboxViolation.Kind.STRING_TOO_LARGE, "cap");
    }

    @Test
    @DisplayName("table.unpack of a billion slots is an error, not an out-of-memory")
    void unpackBomb() throws Exception {
        assertScriptError(stopped("local a = table.unpack({}, 1, 1e9)"), "too many results to unpack");
    }

    @Test
    @DisplayName("Inserting at the front of a huge list over and over is charged per element moved")
    void tableShiftBomb() throws Exception {
        assertLimit(stopped("local t = {} for i = 1, 50000 do t[i] = i end while true do table.insert(t, 1, 0) end"),
                SandboxViolation.Kind.INSTRUCTION_BUDGET, "instructions");
    }

    @Test
    @DisplayName("Coroutines are absent: each would be a Java thread outside the budget")
    void noCoroutines() throws Exception {
        assertScriptError(stopped("coroutine.wrap(function() end)()"), "attempt to index ? (a nil value)");
    }

    @Test
    @DisplayName("No global reachable from a plugin is a Java object or a forbidden library")
    void globalsExposeNothingElse() throws Exception {
        assertEquals(PluginState.RUNNING, fixture.loadUser("walker", """
                local seen, found = {}, {}
                local function walk(t, path)
                  if seen[t] then return end
                  seen[t] = true
                  for k, v in pairs(t) do
                    local kind = type(v)
                    if kind == 'userdata' or kind == 'thread' then found[#found + 1] = path .. '.' .. tostring(k) end
                    if kind == 'table' then walk(v, path .. '.' .. tostring(k)) end
                  end
                end
                walk(_G, '_G')
                local names = {}
                for _, name in ipairs({'package', 'require', 'luajava', 'io', 'debug', 'coroutine', 'load', 'loadstring',
                    'dofile', 'loadfile', 'collectgarbage', 'module'}) do
                  if _G[name] ~= nil then names[#names + 1] = name end
                end
                local os_keys = {}
                for k in pairs(os) do os_keys[#os_keys + 1] = k end
                table.sort(os_keys)
                lk.log('info', 'java=' .. #found .. ' forbidden=' .. table.concat(names, ',') .. ' os=' ..
                  table.concat(os_keys, ',') .. ' dump=' .. tostring(string.dump))
                """));
        assertEquals("java=0 forbidden= os=clock,time dump=nil", fixture.logsOf("walker").get(0));
    }

    @Test
    @DisplayName("A metatable on a plugin's globals cannot make the host run unbudgeted Lua")
    void globalsMetatable() throws Exception {
        PluginState state = assertTimeoutPreemptively(ONE_SECOND, () -> fixture.loadUser("sneaky",
                "setmetatable(_G, {__index = function() while true do end end})"));
        assertEquals(PluginState.RUNNING, state);
        fixture.host.unload("sneaky");
        fixture.assertHealthy();
    }

    @Test
    @DisplayName("A runtime error stops only that plugin, with the script line in the reason")
    void runtimeError() throws Exception {
        assertScriptError(stopped("local x = nil\nlocal y = x.field"), "hostile.lua:2");
    }

    @Test
    @DisplayName("A failed plugin's timers never fire again")
    void failedPluginTimersCancelled() throws Exception {
        assertEquals(PluginState.RUNNING, fixture.loadUser("flaky", """
                local n = 0
                lk.every(1, function() n = n + 1 lk.log('info', 'tick ' .. n) if n == 2 then error('boom') end end)
                """));
        fixture.runFor(5);
        assertEquals(java.util.List.of("tick 1", "tick 2"), fixture.logsOf("flaky").stream().filter(l -> l.startsWith("tick")).toList());
        assertEquals(PluginState.FAILED, fixture.host.state("flaky").orElseThrow());
    }
}
