package dev.latchkey.plugins.api;

import dev.latchkey.plugins.license.HeartbeatOutcome;
import dev.latchkey.plugins.license.LicenseStatus;
import org.luaj.vm2.LuaFunction;

/** What the host offers one plugin; {@link LkLibrary} turns it into the Lua-visible {@code lk} table. */
public interface PluginContext {

    String pluginName();

    void log(System.Logger.Level level, String message);

    /** Shows a notification; false when the plugin has used up its notification allowance. */
    boolean notify(String title, String text);

    /** The plugin's configuration value for {@code key}, or null. */
    String config(String key);

    /** Server-adjusted time in epoch milliseconds. */
    long serverTimeMillis();

    LicenseStatus license();

    /** Schedules {@code fn}; {@code periodSeconds} 0 means once. Returns a timer id. */
    int schedule(double delaySeconds, double periodSeconds, LuaFunction fn);

    boolean cancel(int timerId);

    PluginStore store();

    /** Performs a heartbeat; only called for plugins holding the heartbeat capability. */
    HeartbeatOutcome heartbeat();
}
