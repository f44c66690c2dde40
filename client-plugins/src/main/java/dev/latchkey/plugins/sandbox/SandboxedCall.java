package dev.latchkey.plugins.sandbox;

import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/** One budgeted call into a plugin's Lua code: the only way the host runs Lua. */
public final class SandboxedCall {

    private SandboxedCall() {
    }

    /**
     * Calls {@code function} under {@code budget}. Returns null on success, otherwise what stopped it:
     * a {@link SandboxViolation} (even one a script's error handler swallowed), a {@code LuaError},
     * a stack overflow or an out-of-memory error.
     */
    public static Throwable run(CallBudget budget, LuaValue function, Varargs args) {
        SharedStringLibrary.install();
        Throwable failure = null;
        budget.begin();
        try {
            function.invoke(args);
        } catch (RuntimeException | SandboxViolation | StackOverflowError | OutOfMemoryError e) {
            // Stack overflow and out-of-memory count as the plugin failing, never as success.
            failure = e;
        } finally {
            SandboxViolation swallowed = budget.end();
            if (failure == null) {
                failure = swallowed;
            }
        }
        return failure;
    }
}
