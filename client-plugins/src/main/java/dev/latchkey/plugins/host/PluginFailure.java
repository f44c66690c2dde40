package dev.latchkey.plugins.host;

import dev.latchkey.plugins.sandbox.SandboxViolation;

/**
 * Why a plugin was stopped.
 *
 * @param plugin the plugin's name
 * @param during the callback that failed: {@code main chunk}, {@code on_start}, {@code timer}, ...
 * @param limit  the sandbox limit that was hit, or null for a script error
 * @param reason a sentence for the user or the plugin author
 */
public record PluginFailure(String plugin, String during, SandboxViolation.Kind limit, String reason) {
}
