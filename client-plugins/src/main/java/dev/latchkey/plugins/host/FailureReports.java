package dev.latchkey.plugins.host;

import dev.latchkey.plugins.sandbox.SandboxViolation;

/** Turns what stopped a plugin into a {@link PluginFailure} a person can read. */
final class FailureReports {

    private FailureReports() {
    }

    static PluginFailure describe(String plugin, String during, Throwable error) {
        if (error instanceof SandboxViolation v) {
            return new PluginFailure(plugin, during, v.kind(), v.getMessage());
        }
        if (error instanceof StackOverflowError) {
            return new PluginFailure(plugin, during, SandboxViolation.Kind.CALL_DEPTH, "stack overflow");
        }
        if (error instanceof OutOfMemoryError) {
            return new PluginFailure(plugin, during, SandboxViolation.Kind.MEMORY_BUDGET, "out of memory");
        }
        return new PluginFailure(plugin, during, null, "error: " + firstLine(fullText(error)));
    }

    static String fullText(Throwable error) {
        String message = error.getMessage();
        return message == null ? error.getClass().getSimpleName() : message;
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
