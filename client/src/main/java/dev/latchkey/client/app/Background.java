package dev.latchkey.client.app;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client's worker threads: network, disk and crypto run here, never on the UI thread. Daemon
 * threads, so a stuck request cannot keep the process alive after the window closes.
 */
public final class Background implements AutoCloseable {

    private final ExecutorService io;

    public Background(int threads) {
        this.io = Executors.newFixedThreadPool(threads, named("latchkey-io"));
    }

    public ExecutorService io() {
        return io;
    }

    @Override
    public void close() {
        io.shutdownNow();
        try {
            io.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
