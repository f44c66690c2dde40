package dev.latchkey.plugins.host;

import dev.latchkey.plugins.api.Notifier;
import dev.latchkey.plugins.api.PluginLogger;
import dev.latchkey.plugins.license.Heartbeat;
import dev.latchkey.plugins.sandbox.SandboxLimits;
import dev.latchkey.plugins.time.MonotonicClock;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/** Configuration of a {@link PluginHost}: only the store folder and the heartbeat are required. */
public final class PluginHostBuilder {
    MonotonicClock clock = MonotonicClock.SYSTEM;
    LongSupplier deadlineTicker = System::nanoTime;
    SandboxLimits limits = SandboxLimits.defaults();
    PluginLogger logger = PluginLogger.system();
    Notifier notifier = (plugin, title, text) -> { };
    PluginObserver observer = new PluginObserver() { };
    Path storeDirectory;
    Function<String, Map<String, String>> config = name -> Map.of();
    Heartbeat heartbeat;

    PluginHostBuilder() {
    }

    /** Clock of timers and of the notification allowance (the license clock is the guard's). */
    public PluginHostBuilder clock(MonotonicClock clock) {
        this.clock = clock;
        return this;
    }

    /** Clock of the per-callback wall-clock deadline. */
    public PluginHostBuilder deadlineTicker(LongSupplier ticker) {
        this.deadlineTicker = ticker;
        return this;
    }

    public PluginHostBuilder limits(SandboxLimits limits) {
        this.limits = limits;
        return this;
    }

    public PluginHostBuilder logger(PluginLogger logger) {
        this.logger = logger;
        return this;
    }

    public PluginHostBuilder notifier(Notifier notifier) {
        this.notifier = notifier;
        return this;
    }

    public PluginHostBuilder observer(PluginObserver observer) {
        this.observer = observer;
        return this;
    }

    /** Directory of the plugins' key-value stores (one JSON file each). */
    public PluginHostBuilder storeDirectory(Path directory) {
        this.storeDirectory = directory;
        return this;
    }

    /** Configuration values per plugin name, read by {@code lk.config}. */
    public PluginHostBuilder config(Function<String, Map<String, String>> config) {
        this.config = config;
        return this;
    }

    /** The heartbeat: the client's transport and the lease guard that judges its replies. */
    public PluginHostBuilder heartbeat(Heartbeat heartbeat) {
        this.heartbeat = heartbeat;
        return this;
    }

    public PluginHost build() {
        return new PluginHost(this);
    }
}
