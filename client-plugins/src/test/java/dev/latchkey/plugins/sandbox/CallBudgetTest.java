package dev.latchkey.plugins.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.ZeroArgFunction;

class CallBudgetTest {

    private final AtomicLong ticker = new AtomicLong();
    private final CallBudget budget = new CallBudget(SandboxLimits.defaults().withDeadline(Duration.ofMillis(100)), ticker::get);
    private final Globals globals = SandboxGlobals.create(budget);

    private LuaValue compile(String script) throws ScriptRejectedException {
        SharedStringLibrary.install();
        return new LuaClosure(new ScriptCompiler(1 << 16).compile("test.lua", script.getBytes(StandardCharsets.UTF_8)), globals);
    }

    private SandboxViolation run(String script) throws ScriptRejectedException {
        LuaValue chunk = compile(script);
        budget.begin();
        try {
            chunk.call();
        } catch (SandboxViolation v) {
            budget.end();
            return v;
        }
        return budget.end();
    }

    @Test
    @DisplayName("Time spent in a host call (the heartbeat request) does not count against the deadline")
    void hostTimeExcluded() throws Exception {
        globals.set("wait_host", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                return budget.outsideBudget(() -> {
                    ticker.addAndGet(Duration.ofSeconds(10).toNanos());
                    return NIL;
                });
            }
        });
        globals.set("stall", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                ticker.addAndGet(Duration.ofSeconds(10).toNanos());
                return NIL;
            }
        });
        assertNull(run("wait_host() for i = 1, 5000 do end"));
        assertEquals(SandboxViolation.Kind.DEADLINE, run("stall() for i = 1, 5000 do end").kind());
    }

    @Test
    @DisplayName("Each callback starts with a fresh budget")
    void budgetResets() throws Exception {
        assertNull(run("for i = 1, 500000 do end"));
        assertNull(run("for i = 1, 500000 do end"));
        assertEquals(SandboxViolation.Kind.INSTRUCTION_BUDGET, run("for i = 1, 5000000 do end").kind());
        assertNull(run("return 1"));
    }

    @Test
    @DisplayName("Lua cannot run outside a callback, and callbacks cannot nest")
    void confinement() throws Exception {
        LuaValue chunk = compile("return 1");
        assertThrows(IllegalStateException.class, chunk::call);
        budget.begin();
        try {
            CallBudget other = new CallBudget(SandboxLimits.defaults(), System::nanoTime);
            assertThrows(IllegalStateException.class, other::begin);
        } finally {
            budget.end();
        }
    }

    @Test
    @DisplayName("A .. whose operands have __concat metamethods is measured once it has produced its result")
    void concatMetamethod() throws Exception {
        SandboxViolation v = run("""
                local big = setmetatable({}, {__concat = function(a, b) return ('x'):rep(600000) end})
                local s = ('y'):rep(600000) .. 'w' .. big
                """);
        assertEquals(SandboxViolation.Kind.STRING_TOO_LARGE, v.kind());
    }

    @Test
    @DisplayName("A limit swallowed by an xpcall handler is still reported when the callback ends")
    void swallowedViolationReported() throws Exception {
        SandboxViolation v = run("return xpcall(function() error('x') end, function() ('x'):rep(1e9) end)");
        assertEquals(SandboxViolation.Kind.STRING_TOO_LARGE, v.kind());
    }
}
