package dev.latchkey.client.plugins;

import dev.latchkey.plugins.host.PluginFailure;
import dev.latchkey.plugins.host.PluginState;

/**
 * A plugin as the Plugins tab lists it.
 *
 * @param state   null when the plugin is installed but not loaded (disabled)
 * @param failure why it was stopped, or null
 */
public record PluginEntry(String name, boolean builtin, boolean enabled, PluginState state, PluginFailure failure) {
}
