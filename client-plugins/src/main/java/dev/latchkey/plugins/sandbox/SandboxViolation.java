package dev.latchkey.plugins.sandbox;

/**
 * A plugin exceeded a sandbox limit. This is a Java {@link Error}, not a {@code LuaError}, because LuaJ's
 * {@code pcall} and {@code xpcall} catch every {@code LuaError} and {@code Exception}: a budget a script
 * could catch would be no budget.
 */
public final class SandboxViolation extends Error {

    private static final long serialVersionUID = 1L;

    /** Which limit was hit. */
    public enum Kind {
        INSTRUCTION_BUDGET,
        DEADLINE,
        MEMORY_BUDGET,
        STRING_TOO_LARGE,
        PATTERN_TOO_COMPLEX,
        CALL_DEPTH
    }

    private final Kind kind;

    public SandboxViolation(Kind kind, String message) {
        // No stack trace: it is never needed to explain a limit, and filling it is the costly part.
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
