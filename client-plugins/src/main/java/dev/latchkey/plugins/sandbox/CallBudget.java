package dev.latchkey.plugins.sandbox;

import java.util.Arrays;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

/**
 * The limits of one plugin, enforced from inside the interpreter. LuaJ calls {@code globals.debuglib}
 * on every call, instruction and return; this class takes that slot (the Lua-visible {@code debug}
 * table is never created) to count instructions, watch the deadline and allocation, cap call depth,
 * and look at each {@code ..} before it runs. Confined to the plugin thread.
 */
public final class CallBudget extends DebugLib {

    private static final ThreadLocal<CallBudget> CURRENT = new ThreadLocal<>();
    private static final int CLOCK_CHECK_MASK = 1023;
    private static final int NUMBER_TEXT_BYTES = 40;

    private final SandboxLimits limits;
    private final LongSupplier ticker;

    private final Prototype[] prototypes;
    private final LuaValue[][] registers;
    private final int[] pcs;
    private final int[] concatTargets;
    private int depth;

    private boolean active;
    private long instructions;
    private long deadline;
    private long allocationStart;
    private SandboxViolation tripped;

    /**
     * @param limits the limits to enforce
     * @param ticker a monotonic nanosecond clock for the deadline ({@code System::nanoTime} outside tests)
     */
    public CallBudget(SandboxLimits limits, LongSupplier ticker) {
        this.limits = limits;
        this.ticker = ticker;
        this.prototypes = new Prototype[limits.maxCallDepth()];
        this.registers = new LuaValue[limits.maxCallDepth()][];
        this.pcs = new int[limits.maxCallDepth()];
        this.concatTargets = new int[limits.maxCallDepth()];
    }

    /** The budget of the callback running on this thread. */
    static CallBudget current() {
        CallBudget budget = CURRENT.get();
        if (budget == null) {
            // Lua may only run inside begin()/end(): outside, nothing would bound it.
            throw new IllegalStateException("Lua code ran outside a sandboxed callback");
        }
        return budget;
    }

    public SandboxLimits limits() {
        return limits;
    }

    /** Opens a callback with fresh counters. Callbacks never nest: one plugin cannot run inside another's budget. */
    public void begin() {
        if (CURRENT.get() != null) {
            throw new IllegalStateException("a sandboxed callback is already running on this thread");
        }
        active = true;
        instructions = 0;
        depth = 0;
        tripped = null;
        deadline = ticker.getAsLong() + limits.deadlinePerCallback().toNanos();
        allocationStart = ThreadAllocation.currentThreadBytes();
        CURRENT.set(this);
    }

    /** Closes the callback; returns the limit it hit, if any, even one a script's error handler swallowed. */
    public SandboxViolation end() {
        active = false;
        CURRENT.remove();
        Arrays.fill(registers, 0, depth, null);
        depth = 0;
        return tripped;
    }

    /** Instructions used so far in this callback. */
    public long instructionsUsed() {
        return instructions;
    }

    /** Runs a host call (network, disk) whose duration and allocation must not count against the plugin. */
    public <T> T outsideBudget(Supplier<T> hostCall) {
        long started = ticker.getAsLong();
        long allocated = ThreadAllocation.currentThreadBytes();
        try {
            return hostCall.get();
        } finally {
            deadline += ticker.getAsLong() - started;
            allocationStart += ThreadAllocation.currentThreadBytes() - allocated;
        }
    }

    /** Refuses to build a string longer than the cap. */
    public void checkStringLength(long length) {
        if (length > limits.maxStringBytes()) {
            trip(SandboxViolation.Kind.STRING_TOO_LARGE,
                    "string of " + length + " bytes exceeds the " + limits.maxStringBytes() + "-byte cap");
        }
    }

    /** Charges work done inside one library call (pattern matching) as if it were instructions. */
    void chargeSteps(long steps) {
        instructions += steps;
        if (instructions > limits.instructionsPerCallback()) {
            tripBudget();
        }
        checkClockAndMemory();
    }

    @Override
    public void onCall(LuaFunction f) {
        push(null, null);
    }

    @Override
    public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {
        push(c.p, stack);
    }

    @Override
    public void onInstruction(int pc, Varargs v, int top) {
        if (tripped != null) {
            // Sticky: a limit swallowed by an error handler fires again on the very next instruction.
            throw tripped;
        }
        int frame = depth - 1;
        int pendingConcat = concatTargets[frame];
        if (pendingConcat >= 0) {
            // A .. whose operands had metamethods is only measurable once it produced its result.
            concatTargets[frame] = -1;
            checkResult(registers[frame][pendingConcat]);
        }
        pcs[frame] = pc;
        int instruction = prototypes[frame].code[pc];
        if ((instruction & 0x3f) == Lua.OP_CONCAT) {
            checkConcat(frame, instruction);
        }
        if (++instructions > limits.instructionsPerCallback()) {
            tripBudget();
        }
        if ((instructions & CLOCK_CHECK_MASK) == 0) {
            checkClockAndMemory();
        }
    }

    @Override
    public void onReturn() {
        if (depth > 0) {
            registers[--depth] = null;
        }
    }

    @Override
    public String traceback(int level) {
        StringBuilder sb = new StringBuilder("stack traceback:");
        for (int frame = depth - Math.max(level, 1); frame >= 0; frame--) {
            Prototype p = prototypes[frame];
            if (p == null) {
                sb.append("\n\t[Java]: in ?");
            } else {
                int line = p.lineinfo != null && pcs[frame] < p.lineinfo.length ? p.lineinfo[pcs[frame]] : -1;
                String source = p.source == null ? "?" : p.source.tojstring();
                sb.append("\n\t").append(source).append(':').append(line).append(": in function <")
                        .append(source).append(':').append(p.linedefined).append('>');
            }
        }
        return sb.toString();
    }

    private void push(Prototype prototype, LuaValue[] stack) {
        if (!active) {
            throw new IllegalStateException("Lua code ran outside a sandboxed callback");
        }
        if (depth >= prototypes.length) {
            // Checked before LuaJ recurses deeper, so the Java stack never overflows first.
            trip(SandboxViolation.Kind.CALL_DEPTH, "call depth exceeds " + prototypes.length);
        }
        prototypes[depth] = prototype;
        registers[depth] = stack;
        pcs[depth] = 0;
        concatTargets[depth] = -1;
        depth++;
    }

    /** R(A) := R(B) .. ... .. R(C): the result's size is known before it is built, so refuse it up front. */
    private void checkConcat(int frame, int instruction) {
        int b = instruction >>> 23;
        int c = (instruction >> 14) & 0x1ff;
        LuaValue[] stack = registers[frame];
        long total = 0;
        for (int i = b; i <= c; i++) {
            LuaValue operand = stack[i];
            if (operand instanceof LuaString s) {
                total += s.m_length;
            } else if (operand.type() == LuaValue.TNUMBER) {
                total += NUMBER_TEXT_BYTES;
            }
        }
        checkStringLength(total);
        concatTargets[frame] = (instruction >> 6) & 0xff;
    }

    private void checkResult(LuaValue value) {
        if (value instanceof LuaString s) {
            checkStringLength(s.m_length);
        }
    }

    private void checkClockAndMemory() {
        if (ticker.getAsLong() - deadline > 0) {
            trip(SandboxViolation.Kind.DEADLINE,
                    "callback ran past its " + limits.deadlinePerCallback().toMillis() + " ms deadline");
        }
        long max = limits.maxAllocatedBytes();
        if (max > 0 && allocationStart >= 0 && ThreadAllocation.currentThreadBytes() - allocationStart > max) {
            trip(SandboxViolation.Kind.MEMORY_BUDGET, "callback allocated more than " + (max >> 20) + " MiB");
        }
    }

    private void tripBudget() {
        trip(SandboxViolation.Kind.INSTRUCTION_BUDGET,
                "callback used more than " + limits.instructionsPerCallback() + " instructions");
    }

    /** Stops the callback for good: the violation is remembered and rethrown at every later instruction. */
    void trip(SandboxViolation.Kind kind, String message) {
        tripped = new SandboxViolation(kind, message);
        throw tripped;
    }
}
