package dev.latchkey.client.ui;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Results from background work waiting for the UI thread. Workers {@link #post}; the frame
 * {@link #drain}s at its start, so screen state is only ever touched on the UI thread.
 */
public final class UiInbox {

    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private volatile Runnable waker = () -> { };

    /** Called after each post: the window wakes from waiting for events. */
    public void setWaker(Runnable waker) {
        this.waker = waker;
    }

    public void post(Runnable update) {
        queue.add(update);
        waker.run();
    }

    /** Runs what arrived; answers how many updates ran. */
    public int drain() {
        int n = 0;
        for (Runnable r; (r = queue.poll()) != null; n++) {
            r.run();
        }
        return n;
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }
}
