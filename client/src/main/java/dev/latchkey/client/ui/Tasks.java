package dev.latchkey.client.ui;

import dev.latchkey.client.http.ApiException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Runs blocking work on the background executor and hands its outcome to the UI thread through the inbox. */
public final class Tasks {

    private static final Logger LOG = Logger.getLogger(Tasks.class.getName());

    /** Blocking work that may fail with a server or network error. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws ApiException;
    }

    private final Executor executor;
    private final UiInbox inbox;
    private final AtomicInteger running = new AtomicInteger();

    public Tasks(Executor executor, UiInbox inbox) {
        this.executor = executor;
        this.inbox = inbox;
    }

    /** Runs {@code work} off the UI thread; {@code ok} or {@code failed} then runs on the UI thread. */
    public <T> void run(Work<T> work, Consumer<T> ok, Consumer<ApiException> failed) {
        running.incrementAndGet();
        executor.execute(() -> {
            try {
                T result = work.run();
                inbox.post(() -> ok.accept(result));
            } catch (ApiException e) {
                LOG.log(Level.INFO, "request failed: " + e.code() + " (HTTP " + e.status() + ")");
                inbox.post(() -> failed.accept(e));
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "background task failed", e);
                ApiException wrapped = new ApiException("INTERNAL_ERROR", 0, String.valueOf(e.getMessage()), 0);
                inbox.post(() -> failed.accept(wrapped));
            } finally {
                running.decrementAndGet();
            }
        });
    }

    /** Background tasks not finished yet. */
    public int running() {
        return running.get();
    }

    public UiInbox inbox() {
        return inbox;
    }
}
