package dev.latchkey.server.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes successful JSON responses; errors go through {@link ErrorHandler}. */
public final class Responses {

    private Responses() {
    }

    public static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                // Why: responses carry tokens and personal data; no shared or browser cache may keep them.
                .putHeader("Cache-Control", "no-store")
                .end(JsonWriter.toBuffer(body));
    }

    public static void noContent(RoutingContext ctx) {
        ctx.response().setStatusCode(204).putHeader("Cache-Control", "no-store").end();
    }
}
