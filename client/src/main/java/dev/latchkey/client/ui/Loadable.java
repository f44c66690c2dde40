package dev.latchkey.client.ui;

import dev.latchkey.client.http.ApiException;

/** A value a screen loads in the background: absent, loading, loaded, or failed with a message. UI thread only. */
public final class Loadable<T> {

    private T value;
    private String error;
    private boolean loading;
    private long loads;

    public void load(Tasks tasks, Messages messages, Tasks.Work<T> work) {
        if (loading) {
            return;
        }
        loading = true;
        tasks.run(work, v -> {
            value = v;
            error = null;
            loading = false;
            loads++;
        }, e -> {
            error = messages.error(e);
            loading = false;
            loads++;
        });
    }

    public T value() {
        return value;
    }

    public String error() {
        return error;
    }

    public boolean loading() {
        return loading;
    }

    /** Whether a load was ever started and finished (used to load on first show). */
    public boolean loadedOnce() {
        return loads > 0 || loading;
    }

    public long completedLoads() {
        return loads;
    }
}
