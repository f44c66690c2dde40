package dev.latchkey.plugins.sandbox;

/**
 * Counts the steps of one pattern-function call. Steps are charged in batches to the callback's
 * {@link CallBudget} (so matching eats the same budget as Lua code and sees the same deadline) and
 * capped per call, because one backtracking pattern is a single VM instruction the hook never sees.
 */
final class PatternMeter {

    private static final int BATCH = 1024;

    private final long maxSteps;
    private final CallBudget budget;
    private long used;
    private long pending;

    PatternMeter(long maxSteps, CallBudget budget) {
        this.maxSteps = maxSteps;
        this.budget = budget;
    }

    /** A meter for the callback running on this thread. */
    static PatternMeter forCurrentCallback() {
        CallBudget budget = CallBudget.current();
        return new PatternMeter(budget.limits().maxPatternSteps(), budget);
    }

    void tick() {
        if (++pending == BATCH) {
            flush();
        }
    }

    void charge(long steps) {
        pending += steps;
        flush();
    }

    void flush() {
        long charged = pending;
        pending = 0;
        used += charged;
        if (used > maxSteps) {
            budget.trip(SandboxViolation.Kind.PATTERN_TOO_COMPLEX,
                    "pattern too complex: more than " + maxSteps + " matching steps in one call");
        }
        budget.chargeSteps(charged);
    }
}
