package dev.latchkey.server.dashboard;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One browser's {@code GET /admin/events}: Server-Sent Events on an open response. It owns one timer (a
 * comment every {@value #PING_MS} ms, which also re-checks that the session is still an admin's, so a
 * sign-out or block ends the stream) and its place in the {@link EventHub}; both are released the moment the
 * connection closes, whoever closes it. A reader too slow to keep up is disconnected: its browser reconnects
 * and catches up from {@code Last-Event-ID}.
 */
final class EventStream {

    static final long PING_MS = 15_000;
    static final int RETRY_MS = 3_000;

    private final Vertx vertx;
    private final Context context;
    private final HttpServerResponse response;
    private final EventHub hub;
    private final Supplier<Future<Boolean>> stillAllowed;
    private long pingTimer = -1;
    private boolean ended;
    /** While missed events are replayed, live ones wait here so the browser sees them in order. */
    private List<EventChannel.Entry> held = new ArrayList<>();
    private final Set<String> replayed = new HashSet<>();

    EventStream(Vertx vertx, HttpServerResponse response, EventHub hub, Supplier<Future<Boolean>> stillAllowed) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.response = response;
        this.hub = hub;
        this.stillAllowed = stillAllowed;
    }

    /** Starts the stream; replays batches after {@code lastEventId} when the browser sent a valid one. */
    void open(String lastEventId) {
        Views.headers(response).setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("X-Accel-Buffering", "no");
        response.closeHandler(v -> end());
        response.exceptionHandler(e -> end());
        response.write("retry: " + RETRY_MS + "\n\n");
        if (!hub.add(this)) {
            end();
            return;
        }
        pingTimer = vertx.setPeriodic(PING_MS, t -> ping());
        if (EventChannel.validId(lastEventId)) {
            hub.channel().since(lastEventId).onComplete(ar -> context.runOnContext(v -> {
                if (ar.succeeded()) {
                    ar.result().forEach(e -> {
                        replayed.add(e.id());
                        write(frame(e));
                    });
                }
                releaseHeld();
            }));
        } else {
            releaseHeld();
        }
        hub.snapshot().onSuccess(s -> stats(s.encode()));
    }

    private void releaseHeld() {
        List<EventChannel.Entry> waiting = held;
        held = null;
        waiting.stream().filter(e -> !replayed.contains(e.id())).forEach(e -> write(frame(e)));
        replayed.clear();
    }

    void audit(EventChannel.Entry e) {
        context.runOnContext(v -> {
            if (held != null) {
                held.add(e);
            } else {
                write(frame(e));
            }
        });
    }

    void stats(String json) {
        context.runOnContext(v -> write("event: stats\ndata: " + json + "\n\n"));
    }

    private static String frame(EventChannel.Entry e) {
        return "id: " + e.id() + "\nevent: audit\ndata: " + e.json() + "\n\n";
    }

    private void ping() {
        write(": ping\n\n");
        stillAllowed.get().onComplete(ar -> {
            if (ar.failed() || !ar.result()) {
                context.runOnContext(v -> {
                    write("event: signed_out\ndata: {}\n\n");
                    end();
                });
            }
        });
    }

    private void write(String s) {
        if (ended || response.closed()) {
            return;
        }
        if (response.writeQueueFull()) {
            end();
            return;
        }
        response.write(s);
    }

    /** Releases the timer and the hub's place; ends the response if it is still open. */
    void end() {
        context.runOnContext(v -> {
            if (ended) {
                return;
            }
            ended = true;
            if (pingTimer >= 0) {
                vertx.cancelTimer(pingTimer);
                pingTimer = -1;
            }
            hub.remove(this);
            if (!response.closed() && !response.ended()) {
                response.end();
            }
        });
    }
}
