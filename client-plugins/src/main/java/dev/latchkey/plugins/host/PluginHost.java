package dev.latchkey.plugins.host;

import dev.latchkey.plugins.api.LkLibrary;
import dev.latchkey.plugins.api.Notifier;
import dev.latchkey.plugins.api.PluginLogger;
import dev.latchkey.plugins.api.PluginStore;
import dev.latchkey.plugins.api.StoreFiles;
import dev.latchkey.plugins.license.Heartbeat;
import dev.latchkey.plugins.license.HeartbeatOutcome;
import dev.latchkey.plugins.license.LeaseGuard;
import dev.latchkey.plugins.license.LicenseStatus;
import dev.latchkey.plugins.sandbox.CallBudget;
import dev.latchkey.plugins.sandbox.SandboxGlobals;
import dev.latchkey.plugins.sandbox.SandboxLimits;
import dev.latchkey.plugins.sandbox.SandboxedCall;
import dev.latchkey.plugins.sandbox.ScriptCompiler;
import dev.latchkey.plugins.sandbox.ScriptRejectedException;
import dev.latchkey.plugins.time.MonotonicClock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;

/**
 * Runs plugins: loads them into their own sandboxes, delivers events and timers, stops the ones that
 * fail, and keeps the license view that plugins are told about. Not thread-safe by design: every
 * method runs on one plugin thread ({@link PluginLoop} provides it), so no two callbacks ever overlap.
 */
public final class PluginHost {

    /** Events delivered per {@link #runDue} at most, so plugins reacting to each other cannot spin forever. */
    private static final int MAX_EVENTS_PER_RUN = 256;

    private final MonotonicClock clock;
    private final LongSupplier deadlineTicker;
    private final SandboxLimits limits;
    private final PluginLogger logger;
    private final Notifier notifier;
    private final PluginObserver observer;
    private final StoreFiles storeFiles;
    private final Function<String, Map<String, String>> config;
    private final Heartbeat heartbeat;
    private final ScriptCompiler compiler;

    private final Map<String, LoadedPlugin> plugins = new LinkedHashMap<>();
    private final TimerQueue timers = new TimerQueue();
    private final HostEvents events;

    PluginHost(PluginHostBuilder b) {
        this.clock = b.clock;
        this.deadlineTicker = b.deadlineTicker;
        this.limits = b.limits;
        this.logger = b.logger;
        this.notifier = b.notifier;
        this.observer = b.observer;
        this.storeFiles = new StoreFiles(Objects.requireNonNull(b.storeDirectory, "storeDirectory"));
        this.config = b.config;
        this.heartbeat = Objects.requireNonNull(b.heartbeat, "heartbeat");
        this.compiler = new ScriptCompiler(limits.maxScriptBytes());
        this.events = new HostEvents(heartbeat.guard(), observer);
    }

    public static PluginHostBuilder builder() {
        return new PluginHostBuilder();
    }

    /**
     * Compiles and starts a plugin: runs its main chunk, then {@code on_start}. A script error or a
     * sandbox limit during either leaves the plugin {@link PluginState#FAILED} and reported.
     *
     * @throws ScriptRejectedException if the script is refused before running (size, bytecode, syntax, duplicate)
     */
    public PluginState load(PluginSource source) throws ScriptRejectedException {
        LoadedPlugin existing = plugins.get(source.name());
        if (existing != null && existing.running()) {
            throw new ScriptRejectedException("plugin '" + source.name() + "' is already running");
        }
        Prototype chunk = compiler.compile(source.name() + ".lua", source.script());
        CallBudget budget = new CallBudget(limits, deadlineTicker);
        LoadedPlugin plugin = new LoadedPlugin(this, source, budget,
                PluginStore.open(source.name(), storeFiles), config.apply(source.name()));
        Globals globals = SandboxGlobals.create(budget);
        globals.set("lk", LkLibrary.create(plugin, source.capabilities().contains(Capability.HEARTBEAT)));
        globals.set("print", LkLibrary.print(plugin));
        plugin.attach(globals);
        plugins.put(source.name(), plugin);
        if (invoke(plugin, "main chunk", new LuaClosure(chunk, globals), LuaValue.NONE)) {
            deliver(plugin, "on_start", LuaValue.NONE);
        }
        settle();
        return plugin.state();
    }

    /** Runs every timer due now and the events they cause. Timers created meanwhile wait for the next run. */
    public void runDue() {
        settle();
        long now = clock.nanoTime();
        List<TimerQueue.Timer> due = new ArrayList<>();
        for (TimerQueue.Timer timer; (timer = timers.pollDue(now)) != null; ) {
            due.add(timer);
        }
        for (TimerQueue.Timer timer : due) {
            if (!timer.cancelled && timer.plugin.running()) {
                invoke(timer.plugin, "timer", timer.function, LuaValue.NONE);
            }
            timers.rearm(timer, clock.nanoTime());
            settle();
        }
    }

    /** Nanoseconds until {@link #runDue} has work: a timer, a pending event, or a license change. */
    public long nanosUntilNextDue() {
        if (!events.isEmpty()) {
            return 0;
        }
        return Math.min(timers.nanosUntilNext(clock.nanoTime()), heartbeat.guard().nanosUntilChange());
    }

    /** Stops one plugin: {@code on_stop}, then its timers are cancelled and its store saved. */
    public void unload(String name) {
        LoadedPlugin plugin = plugins.get(name);
        if (plugin == null || !plugin.running()) {
            return;
        }
        deliver(plugin, "on_stop", LuaValue.NONE);
        timers.cancelAll(plugin);
        if (plugin.running()) {
            plugin.stopped();
        }
    }

    /** Stops every plugin. */
    public void stop() {
        new ArrayList<>(plugins.keySet()).forEach(this::unload);
    }

    public Optional<PluginState> state(String name) {
        return Optional.ofNullable(plugins.get(name)).map(LoadedPlugin::state);
    }

    public Optional<PluginFailure> failure(String name) {
        return Optional.ofNullable(plugins.get(name)).map(LoadedPlugin::failure);
    }

    /** The license as the host judges it now. */
    public LicenseStatus licenseStatus() {
        return heartbeat.guard().status();
    }

    public LeaseGuard guard() {
        return heartbeat.guard();
    }

    MonotonicClock clock() {
        return clock;
    }

    PluginLogger logger() {
        return logger;
    }

    Notifier notifier() {
        return notifier;
    }

    int schedule(LoadedPlugin plugin, double delaySeconds, double periodSeconds, LuaFunction fn) {
        long due = clock.nanoTime() + (long) (delaySeconds * 1e9);
        try {
            return timers.add(plugin, fn, due, (long) (periodSeconds * 1e9));
        } catch (IllegalStateException e) {
            throw new LuaError(e.getMessage());
        }
    }

    boolean cancel(LoadedPlugin plugin, int id) {
        return timers.cancel(plugin, id);
    }

    /** Performs a heartbeat for a plugin holding the capability; plugins hear of it after the current callback. */
    HeartbeatOutcome heartbeat() {
        HeartbeatOutcome outcome = heartbeat.beat();
        events.heartbeat(outcome);
        return outcome;
    }

    /** Announces license changes and delivers queued events, up to the per-run cap. */
    private void settle() {
        events.checkLicense();
        for (int delivered = 0; delivered < MAX_EVENTS_PER_RUN && !events.isEmpty(); delivered++) {
            HostEvents.Event event = events.poll();
            for (LoadedPlugin plugin : new ArrayList<>(plugins.values())) {
                if (plugin.running()) {
                    deliver(plugin, event.name(), event.args());
                }
            }
            events.checkLicense();
        }
    }

    private void deliver(LoadedPlugin plugin, String event, Varargs args) {
        // rawget: a metatable on the plugin's globals must not run Lua outside a budgeted callback.
        LuaValue handler = plugin.globals().rawget(event);
        if (handler.isfunction()) {
            invoke(plugin, event, handler, args);
        }
    }

    /** One budgeted callback. Returns false if the plugin failed and was stopped. */
    private boolean invoke(LoadedPlugin plugin, String during, LuaValue function, Varargs args) {
        Throwable failure = SandboxedCall.run(plugin.budget(), function, args);
        if (failure != null) {
            fail(plugin, during, failure);
            return false;
        }
        saveStore(plugin);
        return true;
    }

    private void saveStore(LoadedPlugin plugin) {
        try {
            plugin.store().flushIfDirty();
        } catch (RuntimeException e) {
            logger.log(plugin.pluginName(), System.Logger.Level.WARNING, "store not saved: " + e.getMessage());
        }
    }

    private void fail(LoadedPlugin plugin, String during, Throwable error) {
        timers.cancelAll(plugin);
        PluginFailure failure = FailureReports.describe(plugin.pluginName(), during, error);
        plugin.failed(failure);
        logger.log(plugin.pluginName(), System.Logger.Level.ERROR,
                "stopped during " + during + ": " + FailureReports.fullText(error));
        observer.pluginFailed(failure);
    }
}
