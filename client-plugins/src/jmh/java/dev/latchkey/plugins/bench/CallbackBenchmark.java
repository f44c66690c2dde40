package dev.latchkey.plugins.bench;

import dev.latchkey.plugins.host.PluginHost;
import dev.latchkey.plugins.host.PluginSource;
import dev.latchkey.plugins.host.PluginState;
import dev.latchkey.plugins.license.Heartbeat;
import dev.latchkey.plugins.license.LeaseGuard;
import dev.latchkey.plugins.sandbox.CallBudget;
import dev.latchkey.plugins.sandbox.SandboxGlobals;
import dev.latchkey.plugins.sandbox.SandboxLimits;
import dev.latchkey.plugins.sandbox.SandboxedCall;
import dev.latchkey.plugins.sandbox.ScriptCompiler;
import dev.latchkey.plugins.time.MonotonicClock;
import dev.latchkey.protocol.lease.Ed25519Keys;
import dev.latchkey.protocol.lease.LeaseVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of a callback into Lua: plain LuaJ as the floor, one sandboxed call (budget hook, deadline,
 * string-metatable check), and a timer callback through the whole plugin host.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CallbackBenchmark {

    private static final String FUNCTIONS = """
            function add(x) return x + 1 end
            function loop100(x) local s = 0 for i = 1, 100 do s = s + i end return s end
            """;

    /** Plain LuaJ with its standard globals and no hook: what the sandbox adds is measured against this. */
    @State(Scope.Thread)
    public static class Plain {
        LuaValue add;
        LuaValue loop100;
        final LuaValue arg = LuaValue.valueOf(41);

        @Setup
        public void setUp() {
            Globals globals = JsePlatform.standardGlobals();
            globals.load(FUNCTIONS, "plain.lua").call();
            add = globals.get("add");
            loop100 = globals.get("loop100");
        }
    }

    /** The same functions in a plugin sandbox, called the way the host calls them. */
    @State(Scope.Thread)
    public static class Sandboxed {
        CallBudget budget;
        LuaValue add;
        LuaValue loop100;
        final LuaValue arg = LuaValue.valueOf(41);

        @Setup
        public void setUp() throws Exception {
            budget = new CallBudget(SandboxLimits.defaults(), System::nanoTime);
            Globals globals = SandboxGlobals.create(budget);
            LuaValue chunk = new LuaClosure(new ScriptCompiler(1 << 16)
                    .compile("bench.lua", FUNCTIONS.getBytes(StandardCharsets.UTF_8)), globals);
            if (SandboxedCall.run(budget, chunk, LuaValue.NONE) != null) {
                throw new IllegalStateException("benchmark script failed");
            }
            add = globals.get("add");
            loop100 = globals.get("loop100");
        }
    }

    /** A plugin whose lk.every timer fires on every runDue(), the clock moved by hand. */
    @State(Scope.Thread)
    public static class Hosted {
        long now;
        PluginHost host;

        @Setup
        public void setUp() throws Exception {
            MonotonicClock clock = () -> now;
            Path store = Files.createTempDirectory("latchkey-bench");
            LeaseVerifier verifier = LeaseVerifier.forRawKey(
                    Ed25519Keys.generate(new SecureRandom()).generatePublicKey().getEncoded());
            host = PluginHost.builder()
                    .clock(clock)
                    .storeDirectory(store)
                    .logger((plugin, level, message) -> { })
                    .heartbeat(new Heartbeat(() -> {
                        throw new IOException("offline");
                    }, new LeaseGuard(verifier, clock, Clock.systemUTC(), null, null)))
                    .build();
            PluginState state = host.load(PluginSource.user("bench",
                    "local n = 0 lk.every(1, function() n = n + 1 end)".getBytes(StandardCharsets.UTF_8)));
            if (state != PluginState.RUNNING) {
                throw new IllegalStateException("benchmark plugin failed: " + host.failure("bench"));
            }
        }
    }

    @Benchmark
    public LuaValue plainCall(Plain s) {
        return s.add.call(s.arg);
    }

    @Benchmark
    public Throwable sandboxedCall(Sandboxed s) {
        return SandboxedCall.run(s.budget, s.add, s.arg);
    }

    @Benchmark
    public LuaValue plainLoop100(Plain s) {
        return s.loop100.call(s.arg);
    }

    @Benchmark
    public Throwable sandboxedLoop100(Sandboxed s) {
        return SandboxedCall.run(s.budget, s.loop100, s.arg);
    }

    @Benchmark
    public long hostTimerCallback(Hosted s) {
        s.now += 1_000_000_000L;
        s.host.runDue();
        return s.now;
    }
}
