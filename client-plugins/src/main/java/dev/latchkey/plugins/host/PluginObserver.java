package dev.latchkey.plugins.host;

import dev.latchkey.plugins.license.LicenseStatus;

/** What the client hears from the plugin host. Called on the plugin thread. */
public interface PluginObserver {

    /** A plugin failed and was stopped; the others go on. */
    default void pluginFailed(PluginFailure failure) {
    }

    /** Validity, code or the set of usable licenses changed (the client locks or unlocks features). */
    default void licenseChanged(LicenseStatus previous, LicenseStatus current) {
    }
}
