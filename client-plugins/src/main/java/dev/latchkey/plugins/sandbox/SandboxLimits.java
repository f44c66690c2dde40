package dev.latchkey.plugins.sandbox;

import java.time.Duration;

/**
 * The limits one plugin callback runs under.
 *
 * @param instructionsPerCallback Lua VM instructions (plus pattern-matching steps) per callback
 * @param deadlinePerCallback     wall-clock time per callback, host calls such as the heartbeat request excluded
 * @param maxAllocatedBytes       bytes the callback's thread may allocate (HotSpot only; 0 disables)
 * @param maxStringBytes          longest string a script may build
 * @param maxPatternSubjectBytes  longest subject a pattern function ({@code find}, {@code match}, ...) accepts
 * @param maxPatternSteps         matcher steps per pattern-function call
 * @param maxCallDepth            nested Lua and library calls
 * @param maxUnpackValues         values {@code table.unpack} may produce at once
 * @param maxScriptBytes          size of a plugin's source
 */
public record SandboxLimits(
        long instructionsPerCallback,
        Duration deadlinePerCallback,
        long maxAllocatedBytes,
        int maxStringBytes,
        int maxPatternSubjectBytes,
        long maxPatternSteps,
        int maxCallDepth,
        int maxUnpackValues,
        int maxScriptBytes) {

    public SandboxLimits {
        if (instructionsPerCallback <= 0 || maxStringBytes <= 0 || maxPatternSubjectBytes <= 0
                || maxPatternSteps <= 0 || maxCallDepth <= 0 || maxUnpackValues <= 0 || maxScriptBytes <= 0
                || maxAllocatedBytes < 0 || deadlinePerCallback.isNegative() || deadlinePerCallback.isZero()) {
            throw new IllegalArgumentException("sandbox limits must be positive");
        }
    }

    /** Limits for ordinary plugins: generous for real work, each bomb stopped well within a second. */
    public static SandboxLimits defaults() {
        return new SandboxLimits(2_000_000, Duration.ofMillis(250), 64L << 20, 1 << 20, 256 << 10,
                1_000_000, 200, 10_000, 256 << 10);
    }

    public SandboxLimits withInstructions(long instructions) {
        return new SandboxLimits(instructions, deadlinePerCallback, maxAllocatedBytes, maxStringBytes,
                maxPatternSubjectBytes, maxPatternSteps, maxCallDepth, maxUnpackValues, maxScriptBytes);
    }

    public SandboxLimits withDeadline(Duration deadline) {
        return new SandboxLimits(instructionsPerCallback, deadline, maxAllocatedBytes, maxStringBytes,
                maxPatternSubjectBytes, maxPatternSteps, maxCallDepth, maxUnpackValues, maxScriptBytes);
    }

    public SandboxLimits withMaxAllocatedBytes(long bytes) {
        return new SandboxLimits(instructionsPerCallback, deadlinePerCallback, bytes, maxStringBytes,
                maxPatternSubjectBytes, maxPatternSteps, maxCallDepth, maxUnpackValues, maxScriptBytes);
    }
}
