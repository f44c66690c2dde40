package dev.latchkey.server.files;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The two ends of the upload route around its body: the body is held back until the route decides to
 * read it, and a refusal given while the client is still sending is delivered and then the connection
 * closed, instead of the server reading the rest of a body it has refused.
 */
final class UploadGuard {

    /** After a refusal, at most this much more of the body is read (and dropped) so the answer is not lost. */
    static final long LINGER_BYTES = 1024 * 1024;

    /** ... and for at most this long. */
    static final long LINGER_MS = 2_000;

    private final Vertx vertx;

    UploadGuard(Vertx vertx) {
        this.vertx = vertx;
    }

    /**
     * First handler of the route, run synchronously as the request arrives: without the pause the body would
     * stream past while authentication is still asynchronously checking the token, and be lost.
     */
    void pause(RoutingContext ctx) {
        ctx.request().pause();
        ctx.next();
    }

    /**
     * Failure handler of the upload route. The error answer goes out first (through the router's error
     * handler); then, if the body has not been read to its end, the connection is closed. Closing at once
     * would make the kernel reset a connection that still has unread bytes, and a client busy sending
     * would lose the answer: so the rest is read and dropped, up to {@link #LINGER_BYTES} or
     * {@link #LINGER_MS}, then closed.
     */
    void closeAfterAnswer(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        boolean unread = !request.isEnded() && !ctx.response().closed();
        if (unread) {
            ctx.response().putHeader("Connection", "close");
        }
        ctx.next();
        if (unread) {
            linger(request);
        }
    }

    private void linger(HttpServerRequest request) {
        long[] dropped = {0};
        long timer = vertx.setTimer(LINGER_MS, t -> request.connection().close());
        request.handler(chunk -> {
            dropped[0] += chunk.length();
            if (dropped[0] > LINGER_BYTES) {
                vertx.cancelTimer(timer);
                request.connection().close();
            }
        });
        request.endHandler(v -> {
            vertx.cancelTimer(timer);
            request.connection().close();
        });
        request.exceptionHandler(e -> vertx.cancelTimer(timer));
        request.resume();
    }
}
