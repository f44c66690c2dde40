package dev.latchkey.server.dashboard;

import dev.latchkey.server.http.RouteTable;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * How dashboard routes are mounted. Pages: the admin gate, then the page. Form actions (POST only; no GET
 * changes anything): a bounded form body, the admin gate, the CSRF check, then the action, which ends with
 * a flash message and a 303 back to the page the form came from.
 */
final class Actions {

    /** Forms are small; uploads do not go through here. */
    static final int BODY_LIMIT = 64 * 1024;

    private final AdminGate gate;
    private final Csrf csrf;
    private final PageErrors errors;
    private final Flash flash;
    private final Handler<RoutingContext> body = BodyHandler.create(false).setBodyLimit(BODY_LIMIT);

    Actions(AdminGate gate, Csrf csrf, PageErrors errors, Flash flash) {
        this.gate = gate;
        this.csrf = csrf;
        this.errors = errors;
        this.flash = flash;
    }

    Route page(RouteTable routes, String path, Handler<RoutingContext> handler) {
        return routes.get(path, gate.authenticate(), handler).failureHandler(errors::handle);
    }

    Route form(RouteTable routes, String path, Handler<RoutingContext> handler) {
        return routes.post(path, body, gate.authenticate(), csrf.require(), handler).failureHandler(errors::handle);
    }

    /** Runs the action; on success shows {@code messageKey} on the next page and sends the browser back where
     *  the form said (or to {@code fallback}); a failure goes to the error handling. */
    void finish(RoutingContext ctx, Future<?> action, String messageKey, String fallback) {
        action.onSuccess(r -> flash.success(AdminGate.admin(ctx).sessionId(), messageKey)
                .onComplete(x -> Forms.redirect(ctx, Forms.back(ctx, fallback)))).onFailure(ctx::fail);
    }
}
