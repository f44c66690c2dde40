package dev.latchkey.plugins.host;

/** Host functions beyond the common {@code lk} API, granted only to verified built-in plugins. */
public enum Capability {
    /** {@code lk.heartbeat()}: performs the license heartbeat through the host. */
    HEARTBEAT
}
