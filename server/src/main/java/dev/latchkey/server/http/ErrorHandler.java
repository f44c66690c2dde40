package dev.latchkey.server.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The one place failures become HTTP responses. Nothing internal (stack, SQL) reaches the caller. */
public final class ErrorHandler {

    private static final Logger LOG = Logger.getLogger(ErrorHandler.class.getName());

    private ErrorHandler() {
    }

    public static void handle(RoutingContext ctx) {
        ApiException error = classify(ctx.failure(), ctx.statusCode());
        if (error.code().status() >= 500 && error.code() != ErrorCode.SERVICE_UNAVAILABLE) {
            LOG.log(Level.SEVERE, ctx.request().method() + " " + ctx.request().path() + " failed", ctx.failure());
        }
        send(ctx.response(), error);
    }

    public static void send(HttpServerResponse response, ApiException error) {
        if (response.headWritten() || response.closed()) {
            return;
        }
        if (error.retryAfterSeconds() != null) {
            response.putHeader("Retry-After", String.valueOf(error.retryAfterSeconds()));
        }
        JsonObject body = new JsonObject().put("error",
                new JsonObject().put("code", error.code().name()).put("message", error.getMessage()));
        response.setStatusCode(error.code().status())
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .end(JsonWriter.toBuffer(body));
    }

    static ApiException classify(Throwable failure, int status) {
        if (failure instanceof ApiException api) {
            return api;
        }
        if (failure instanceof PgException pg) {
            return fromSqlState(pg.getSqlState());
        }
        if (failure instanceof io.vertx.core.json.DecodeException) {
            return ApiException.validation("Request body is not valid JSON");
        }
        if (failure != null && isConnectionProblem(failure)) {
            return new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "A backing service is unavailable; retry shortly", 5);
        }
        return switch (status) {
            case 400 -> ApiException.validation("Bad request");
            case 401 -> new ApiException(ErrorCode.TOKEN_INVALID, "Authentication required");
            case 403 -> ApiException.forbidden("Forbidden");
            case 404 -> ApiException.notFound("Resource");
            case 405 -> new ApiException(ErrorCode.METHOD_NOT_ALLOWED, "Method not allowed");
            case 413 -> new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "Request body is too large");
            case 415 -> new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Unsupported content type");
            case 503 -> new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Service unavailable; retry shortly", 5);
            default -> new ApiException(ErrorCode.INTERNAL_ERROR, "Internal error");
        };
    }

    /** SQL errors by SQLSTATE class, never by message text. */
    static ApiException fromSqlState(String state) {
        if (state == null) {
            return new ApiException(ErrorCode.INTERNAL_ERROR, "Internal error");
        }
        if (state.equals("23505")) {
            return new ApiException(ErrorCode.CONFLICT, "Already exists");
        }
        if (state.startsWith("23") || state.startsWith("22")) {
            return ApiException.validation("Value rejected by the database constraints");
        }
        if (state.startsWith("08") || state.startsWith("57") || state.startsWith("53")) {
            return new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Database unavailable; retry shortly", 5);
        }
        return new ApiException(ErrorCode.INTERNAL_ERROR, "Internal error");
    }

    /**
     * A backing service that is down, hung or saturated: refused or lost connections, timeouts
     * (the pool's wait for a connection, a Redis command), a full wait queue, an open circuit.
     */
    static boolean isConnectionProblem(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String name = c.getClass().getName();
            if (c instanceof java.net.ConnectException
                    || c instanceof java.io.IOException && String.valueOf(c.getMessage()).contains("Connection reset")
                    || c instanceof io.vertx.core.http.HttpClosedException
                    || c instanceof java.nio.channels.ClosedChannelException
                    || c instanceof java.util.concurrent.TimeoutException
                    || c instanceof io.vertx.core.http.ConnectionPoolTooBusyException
                    || c instanceof dev.latchkey.server.infra.BackendUnavailableException
                    // e.g. "Connection refused", "Timeout waiting for connection" (the pool's wait timeout)
                    || c instanceof io.vertx.core.VertxException
                            && String.valueOf(c.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("connection")
                    || name.equals("io.vertx.sqlclient.ClosedConnectionException")
                    || name.equals("io.vertx.core.impl.NoStackTraceTimeoutException")
                    // the pool's wait inside a transaction fails with a bare "Timeout"
                    || String.valueOf(c.getMessage()).toLowerCase(java.util.Locale.ROOT).startsWith("timeout")
                    || name.equals("io.netty.channel.StacklessClosedChannelException")) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }
}
