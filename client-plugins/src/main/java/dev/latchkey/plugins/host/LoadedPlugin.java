package dev.latchkey.plugins.host;

import dev.latchkey.plugins.api.NotificationLimiter;
import dev.latchkey.plugins.api.PluginContext;
import dev.latchkey.plugins.api.PluginStore;
import dev.latchkey.plugins.license.HeartbeatOutcome;
import dev.latchkey.plugins.license.LicenseStatus;
import dev.latchkey.plugins.sandbox.CallBudget;
import java.lang.System.Logger.Level;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaFunction;

/** One plugin inside the host: its globals, budget, store and state, and the host services it may call. */
final class LoadedPlugin implements PluginContext {

    private final PluginHost host;
    private final PluginSource source;
    private final CallBudget budget;
    private final PluginStore store;
    private final Map<String, String> config;
    private final NotificationLimiter notifications;
    private Globals globals;
    private PluginState state = PluginState.RUNNING;
    private PluginFailure failure;
    private int timers;

    LoadedPlugin(PluginHost host, PluginSource source, CallBudget budget, PluginStore store, Map<String, String> config) {
        this.host = host;
        this.source = source;
        this.budget = budget;
        this.store = store;
        this.config = Map.copyOf(config);
        this.notifications = new NotificationLimiter(host.clock());
    }

    void attach(Globals globals) {
        this.globals = globals;
    }

    Globals globals() {
        return globals;
    }

    CallBudget budget() {
        return budget;
    }

    PluginSource source() {
        return source;
    }

    PluginState state() {
        return state;
    }

    PluginFailure failure() {
        return failure;
    }

    boolean running() {
        return state == PluginState.RUNNING;
    }

    void failed(PluginFailure why) {
        state = PluginState.FAILED;
        failure = why;
        // Dropping the globals frees whatever the plugin built, including after an out-of-memory error.
        globals = null;
    }

    void stopped() {
        state = PluginState.STOPPED;
        globals = null;
    }

    int timerCount() {
        return timers;
    }

    void timerAdded() {
        timers++;
    }

    void timerRemoved() {
        timers--;
    }

    @Override
    public String pluginName() {
        return source.name();
    }

    @Override
    public void log(Level level, String message) {
        host.logger().log(source.name(), level, message);
    }

    @Override
    public boolean notify(String title, String text) {
        if (!notifications.tryAcquire()) {
            return false;
        }
        host.notifier().notify(source.name(), title, text);
        return true;
    }

    @Override
    public String config(String key) {
        return config.get(key);
    }

    @Override
    public long serverTimeMillis() {
        return host.guard().serverTimeMillis();
    }

    @Override
    public LicenseStatus license() {
        return host.guard().status();
    }

    @Override
    public int schedule(double delaySeconds, double periodSeconds, LuaFunction fn) {
        return host.schedule(this, delaySeconds, periodSeconds, fn);
    }

    @Override
    public boolean cancel(int timerId) {
        return host.cancel(this, timerId);
    }

    @Override
    public PluginStore store() {
        return store;
    }

    @Override
    public HeartbeatOutcome heartbeat() {
        if (!source.capabilities().contains(Capability.HEARTBEAT)) {
            // Belt and braces: lk.heartbeat is not even present in the table of such a plugin.
            throw new IllegalStateException("plugin " + source.name() + " may not perform heartbeats");
        }
        return budget.outsideBudget(host::heartbeat);
    }
}
