package dev.latchkey.client.plugins;

import dev.latchkey.client.account.Account;
import dev.latchkey.client.app.AppPaths;
import dev.latchkey.client.http.ApiException;
import dev.latchkey.plugins.api.Notifier;
import dev.latchkey.plugins.host.BuiltinPlugins;
import dev.latchkey.plugins.host.PluginFailure;
import dev.latchkey.plugins.host.PluginHost;
import dev.latchkey.plugins.host.PluginLoop;
import dev.latchkey.plugins.host.PluginObserver;
import dev.latchkey.plugins.host.PluginSource;
import dev.latchkey.plugins.host.PluginState;
import dev.latchkey.plugins.license.Heartbeat;
import dev.latchkey.plugins.license.HeartbeatTransport;
import dev.latchkey.plugins.license.LeaseGuard;
import dev.latchkey.plugins.license.LicenseStatus;
import dev.latchkey.plugins.sandbox.ScriptRejectedException;
import dev.latchkey.plugins.time.MonotonicClock;
import dev.latchkey.protocol.lease.LeaseVerifier;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The plugin host of a signed-in session, wired as docs/plugins.md describes: the lease guard pinned to
 * the server's key, the heartbeat over the client's HTTP session, the built-in heartbeat plugin and the
 * enabled user plugins on the plugin thread. The guard, not any plugin, decides what is licensed.
 */
public final class PluginRuntime implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PluginRuntime.class.getName());

    private final LeaseGuard guard;
    private final PluginLoop loop;
    private final PluginConsole console;
    private final Path pluginsDir;
    private final CheckpointFile checkpoints;
    private final ScheduledExecutorService saver;

    private PluginRuntime(LeaseGuard guard, PluginLoop loop, PluginConsole console, Path pluginsDir, CheckpointFile checkpoints) {
        this.guard = guard;
        this.loop = loop;
        this.console = console;
        this.pluginsDir = pluginsDir;
        this.checkpoints = checkpoints;
        this.saver = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "latchkey-checkpoint");
            t.setDaemon(true);
            return t;
        });
        saver.scheduleWithFixedDelay(this::saveCheckpoint, 60, 60, TimeUnit.SECONDS);
    }

    /** Starts the host for {@code account}: heartbeat plugin first, then the enabled user plugins. */
    public static PluginRuntime start(Account account, AppPaths paths, Set<String> disabled, PluginConsole console,
            Notifier notifier, PluginObserver observer) {
        PluginRuntime runtime = withHeartbeat(account, paths, console, notifier, observer);
        for (String name : UserPlugins.names(paths.plugins())) {
            if (!disabled.contains(name)) {
                runtime.loadUser(name);
            }
        }
        return runtime;
    }

    /** Starts the host for {@code account} with the built-in heartbeat plugin only. */
    public static PluginRuntime withHeartbeat(Account account, AppPaths paths, PluginConsole console,
            Notifier notifier, PluginObserver observer) {
        HeartbeatTransport transport = () -> {
            try {
                return account.api().heartbeat();
            } catch (ApiException e) {
                throw new IOException(e.code() + ": " + e.getMessage(), e);
            }
        };
        LeaseGuard guard = new LeaseGuard(account.leaseVerifier(), MonotonicClock.SYSTEM, Clock.systemUTC(),
                account.userId(), account.deviceId());
        CheckpointFile checkpoints = new CheckpointFile(paths.leaseCheckpointFile());
        checkpoints.load().ifPresent(guard::resume);
        PluginRuntime runtime = create(guard, new Heartbeat(transport, guard), paths, console, notifier, observer, checkpoints);
        runtime.loadBuiltin();
        return runtime;
    }

    /**
     * A host with no server behind it, for {@code plugins run} without a session: the guard is pinned to
     * a key generated here and thrown away, so no lease can ever verify and the license stays locked.
     */
    public static PluginRuntime offline(AppPaths paths, PluginConsole console, Notifier notifier, PluginObserver observer) {
        LeaseGuard guard = new LeaseGuard(new LeaseVerifier(
                new Ed25519PrivateKeyParameters(new SecureRandom()).generatePublicKey()), MonotonicClock.SYSTEM, Clock.systemUTC(), null, null);
        HeartbeatTransport none = () -> {
            throw new IOException("not signed in");
        };
        return create(guard, new Heartbeat(none, guard), paths, console, notifier, observer, null);
    }

    private static PluginRuntime create(LeaseGuard guard, Heartbeat heartbeat, AppPaths paths, PluginConsole console,
            Notifier notifier, PluginObserver observer, CheckpointFile checkpoints) {
        PluginObserver reporting = new PluginObserver() {
            @Override
            public void pluginFailed(PluginFailure f) {
                console.host(f.plugin(), System.Logger.Level.ERROR, "stopped during " + f.during() + ": " + f.reason());
                observer.pluginFailed(f);
            }

            @Override
            public void licenseChanged(LicenseStatus previous, LicenseStatus current) {
                observer.licenseChanged(previous, current);
            }
        };
        PluginHost host = PluginHost.builder()
                .storeDirectory(paths.pluginStore())
                .heartbeat(heartbeat)
                .logger(console)
                .notifier(notifier)
                .observer(reporting)
                .build();
        return new PluginRuntime(guard, new PluginLoop(host), console, paths.plugins(), checkpoints);
    }

    /** The license as the guard judges it now (thread-safe). */
    public LicenseStatus status() {
        return guard.status();
    }

    public PluginConsole console() {
        return console;
    }

    /** Loads a plugin source on the plugin thread; a refusal is reported to the console. */
    public CompletableFuture<PluginState> load(PluginSource source) {
        return loop.load(source).whenComplete((state, error) -> {
            if (error != null) {
                console.host(source.name(), System.Logger.Level.ERROR, "refused: " + rootMessage(error));
            } else {
                console.host(source.name(), System.Logger.Level.INFO, "loaded (" + state.name().toLowerCase(java.util.Locale.ROOT) + ")");
            }
        });
    }

    /** Loads the user plugin {@code name} from the plugins folder. */
    public CompletableFuture<PluginState> loadUser(String name) {
        try {
            return load(UserPlugins.read(pluginsDir.resolve(name + ".lua")));
        } catch (IOException | ScriptRejectedException e) {
            console.host(name, System.Logger.Level.ERROR, "refused: " + e.getMessage());
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Stops a plugin ({@code on_stop} runs). */
    public CompletableFuture<Void> unload(String name) {
        return loop.submit(h -> {
            h.unload(name);
            return null;
        }).thenRun(() -> console.host(name, System.Logger.Level.INFO, "stopped"));
    }

    /** Built-in and user plugins with their state, read on the plugin thread. */
    public CompletableFuture<List<PluginEntry>> entries(Set<String> disabled) {
        List<String> users = UserPlugins.names(pluginsDir);
        return loop.submit(h -> {
            List<PluginEntry> out = new ArrayList<>();
            for (String b : BuiltinPlugins.names()) {
                out.add(new PluginEntry(b, true, true, h.state(b).orElse(null), h.failure(b).orElse(null)));
            }
            for (String u : users) {
                out.add(new PluginEntry(u, false, !disabled.contains(u), h.state(u).orElse(null), h.failure(u).orElse(null)));
            }
            return out;
        });
    }

    public Path pluginsDir() {
        return pluginsDir;
    }

    private void loadBuiltin() {
        try {
            load(BuiltinPlugins.load(BuiltinPlugins.HEARTBEAT));
        } catch (ScriptRejectedException e) {
            // Without the verified heartbeat plugin nothing renews the lease: say so loudly.
            console.host(BuiltinPlugins.HEARTBEAT, System.Logger.Level.ERROR, "refused: " + e.getMessage());
            LOG.log(Level.SEVERE, "Built-in heartbeat plugin refused: " + e.getMessage());
        }
    }

    private void saveCheckpoint() {
        if (checkpoints == null) {
            return;
        }
        guard.checkpoint().ifPresent(c -> {
            try {
                checkpoints.save(c);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Could not save the lease checkpoint", e);
            }
        });
    }

    /** Stops the plugins ({@code on_stop}), then saves the checkpoint. */
    @Override
    public void close() {
        saver.shutdownNow();
        loop.close();
        saveCheckpoint();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t instanceof CompletionException || t instanceof ExecutionException)) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
