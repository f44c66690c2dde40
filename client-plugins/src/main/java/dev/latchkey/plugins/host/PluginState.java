package dev.latchkey.plugins.host;

/** Lifecycle of a loaded plugin. */
public enum PluginState {
    RUNNING,
    /** Stopped by the host after an error or a sandbox limit; see {@link PluginHost#failure}. */
    FAILED,
    STOPPED
}
