package dev.latchkey.server.dashboard;

import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.ErrorCode;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Failures of dashboard routes, answered the way a browser can use them: no session sends the browser to
 * the sign-in page; a refused form action comes back as a message on the page it came from; anything else
 * is an error page (or JSON for the page's scripts). Messages are translated; nothing internal is shown.
 */
final class PageErrors {

    private static final Logger LOG = Logger.getLogger(PageErrors.class.getName());

    private final Pages pages;
    private final Flash flash;

    PageErrors(Pages pages, Flash flash) {
        this.pages = pages;
        this.flash = flash;
    }

    void handle(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            if (!ctx.response().ended()) {
                ctx.response().reset();
            }
            return;
        }
        if (!ctx.request().isEnded()) {
            // A refused request whose body was never read (uploads): do not reuse the connection.
            ctx.response().putHeader("Connection", "close");
        }
        Throwable failure = ctx.failure();
        if (failure instanceof AdminGate.NotSignedIn || failure == null && ctx.statusCode() == 401) {
            if (wantsData(ctx)) {
                json(ctx, new ApiException(ErrorCode.TOKEN_INVALID, "Sign in to the dashboard"));
            } else {
                Forms.redirect(ctx, "/admin/login");
            }
            return;
        }
        ApiException error = classify(failure, ctx.statusCode());
        if (error.code().status() >= 500 && error.code() != ErrorCode.SERVICE_UNAVAILABLE) {
            LOG.log(Level.SEVERE, ctx.request().method() + " " + ctx.request().path() + " failed", failure);
        }
        if (error.retryAfterSeconds() != null) {
            ctx.response().putHeader("Retry-After", String.valueOf(error.retryAfterSeconds()));
        }
        if (wantsData(ctx)) {
            json(ctx, error);
            return;
        }
        AdminGate.Admin admin = ctx.get(AdminGate.KEY);
        boolean formAction = ctx.request().method() == HttpMethod.POST && admin != null && ctx.get(Csrf.REFUSED) == null;
        if (formAction && error.code().status() < 500) {
            String fallback = ctx.request().path();
            flash.error(admin.sessionId(), messageKey(ctx, error), error.getMessage())
                    .onComplete(x -> Forms.redirect(ctx, Forms.back(ctx, Forms.isLocal(fallback) ? fallback : "/admin")));
            return;
        }
        String lang = I18n.of(ctx);
        pages.renderNow(ctx, error.code().status(), "error", "", Map.of("status", error.code().status(),
                "message", pages.i18n().text(lang, messageKey(ctx, error))));
    }

    private String messageKey(RoutingContext ctx, ApiException error) {
        if (ctx.get(Csrf.REFUSED) != null) {
            return "error.CSRF";
        }
        String key = "error." + error.code().name();
        return pages.i18n().has(key) ? key : "error.INTERNAL_ERROR";
    }

    private void json(RoutingContext ctx, ApiException error) {
        String text = pages.i18n().text(I18n.of(ctx), messageKey(ctx, error));
        Views.headers(ctx.response()).setStatusCode(error.code().status())
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(new JsonObject().put("error", new JsonObject().put("code", error.code().name()).put("message", text)
                        .put("detail", error.getMessage())).toBuffer());
    }

    /** Requests from the page's scripts (fetch, XHR, EventSource; the CSV of a license batch) get data, not pages. */
    static boolean wantsData(RoutingContext ctx) {
        String accept = ctx.request().getHeader("Accept");
        return accept != null && (accept.contains("application/json") || accept.contains("text/event-stream")
                || accept.contains("text/csv")) && !accept.contains("text/html");
    }

    static ApiException classify(Throwable failure, int status) {
        if (failure instanceof ApiException api) {
            return api;
        }
        if (failure instanceof PgException pg) {
            String state = pg.getSqlState() == null ? "" : pg.getSqlState();
            if (state.equals("23505")) {
                return new ApiException(ErrorCode.CONFLICT, "Already exists");
            }
            if (state.startsWith("23") || state.startsWith("22")) {
                return ApiException.validation("Value rejected by the database constraints");
            }
            return new ApiException(ErrorCode.INTERNAL_ERROR, "Internal error");
        }
        return switch (status) {
            case 400 -> ApiException.validation("Bad request");
            case 403 -> ApiException.forbidden("Forbidden");
            case 404 -> ApiException.notFound("Page");
            case 413 -> new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "Request body is too large");
            default -> new ApiException(ErrorCode.INTERNAL_ERROR, "Internal error");
        };
    }
}
