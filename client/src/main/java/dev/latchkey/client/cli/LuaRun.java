package dev.latchkey.client.cli;

import dev.latchkey.client.account.Account;
import dev.latchkey.client.app.AppPaths;
import dev.latchkey.client.plugins.PluginConsole;
import dev.latchkey.client.plugins.PluginRuntime;
import dev.latchkey.plugins.api.Notifier;
import dev.latchkey.plugins.host.PluginFailure;
import dev.latchkey.plugins.host.PluginObserver;
import dev.latchkey.plugins.host.PluginSource;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/** Runs one Lua plugin for the command line, printing what it logs; shared by {@code plugins run} and {@code run}. */
final class LuaRun {

    private LuaRun() {
    }

    /**
     * Loads {@code source}, keeps it running {@code seconds}, stops it. With {@code account} the heartbeat runs too,
     * so {@code lk.license()} is real; without, the license stays locked.
     */
    static void run(CliEnvironment env, Optional<Account> account, PluginSource source, int seconds) throws InterruptedException {
        String name = source.name();
        PluginConsole console = new PluginConsole(1000, line -> {
            if (line.plugin().equals(name)) {
                synchronized (env.out()) {
                    env.out().println(line.level().getName() + " " + line.message());
                    env.out().flush();
                }
            }
        });
        AtomicReference<PluginFailure> failure = new AtomicReference<>();
        Notifier notifier = (plugin, title, text) -> env.out().println("NOTIFY " + title + ": " + text);
        PluginObserver observer = new PluginObserver() {
            @Override
            public void pluginFailed(PluginFailure f) {
                if (f.plugin().equals(name)) {
                    failure.set(f);
                }
            }
        };
        AppPaths paths = env.context().paths();
        try (PluginRuntime runtime = account.isPresent()
                ? PluginRuntime.withHeartbeat(account.get(), paths, console, notifier, observer)
                : PluginRuntime.offline(paths, console, notifier, observer)) {
            try {
                runtime.load(source).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new CliFailure("SCRIPT_REJECTED", e.getCause().getMessage(), ExitCodes.LOCAL);
            } catch (TimeoutException e) {
                throw new CliFailure("PLUGIN_TIMEOUT", "the plugin did not finish loading in 30 s", ExitCodes.LOCAL);
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (failure.get() == null && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            if (failure.get() == null) {
                runtime.unload(name).join();
            }
        }
        PluginFailure f = failure.get();
        if (f != null) {
            throw new CliFailure(f.limit() == null ? "SCRIPT_ERROR" : f.limit().name(),
                    "during " + f.during() + ": " + f.reason(), ExitCodes.LOCAL);
        }
    }
}
