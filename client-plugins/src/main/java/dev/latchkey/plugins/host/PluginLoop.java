package dev.latchkey.plugins.host;

import dev.latchkey.plugins.sandbox.ScriptRejectedException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The plugin thread: owns a {@link PluginHost}, runs its timers when due, and runs the client's requests
 * (load, unload, status) in order. Every Lua callback runs here, never on the UI thread.
 */
public final class PluginLoop implements AutoCloseable {

    /** Upper bound on a sleep, so a missed wake-up costs at most this much lateness. */
    private static final long MAX_SLEEP_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Lua call depth is capped well below what this stack holds, so overflow stays theoretical. */
    private static final long STACK_BYTES = 16L << 20;

    private final PluginHost host;
    private final ScheduledExecutorService executor;
    private ScheduledFuture<?> wakeUp;

    public PluginLoop(PluginHost host) {
        this.host = host;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(null, r, "latchkey-plugins", STACK_BYTES);
            thread.setDaemon(true);
            return thread;
        });
        executor.execute(this::pump);
    }

    /** Runs {@code action} on the plugin thread and completes with its result. */
    public <T> CompletableFuture<T> submit(Function<PluginHost, T> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                result.complete(action.apply(host));
            } catch (CompletionException e) {
                result.completeExceptionally(e.getCause());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
            pump();
        });
        return result;
    }

    /** Loads a plugin on the plugin thread; fails with {@code ScriptRejectedException} if it is refused. */
    public CompletableFuture<PluginState> load(PluginSource source) {
        return submit(h -> {
            try {
                return h.load(source);
            } catch (ScriptRejectedException e) {
                throw new CompletionException(e);
            }
        });
    }

    /** Stops all plugins (each gets {@code on_stop}) and the thread. */
    @Override
    public void close() {
        executor.execute(host::stop);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pump() {
        if (wakeUp != null) {
            wakeUp.cancel(false);
        }
        long delay = MAX_SLEEP_NANOS;
        try {
            host.runDue();
            delay = Math.min(host.nanosUntilNextDue(), MAX_SLEEP_NANOS);
        } finally {
            // Whatever happened, the loop keeps its next appointment.
            if (!executor.isShutdown()) {
                wakeUp = executor.schedule(this::pump, delay, TimeUnit.NANOSECONDS);
            }
        }
    }
}
