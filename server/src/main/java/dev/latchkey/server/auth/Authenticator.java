package dev.latchkey.server.auth;

import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.ErrorCode;
import dev.latchkey.server.protection.Decision;
import dev.latchkey.server.protection.RateLimits;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Route handlers that establish the caller. Bearer tokens are accepted everywhere;
 * the session cookie only on safe methods of the API, because a browser attaches cookies by
 * itself (CSRF) while it never attaches a bearer token.
 */
public final class Authenticator {

    public static final String COOKIE = "__Host-lk_session";
    private static final String KEY = "latchkey.principal";
    private static final String PREFETCH = "latchkey.prefetch";

    private final SessionService sessions;
    private final java.util.function.Function<Principal, Future<Decision>> apiLimit;

    /** {@code apiLimit} counts every authenticated API call against the caller's budget. */
    public Authenticator(SessionService sessions, java.util.function.Function<Principal, Future<Decision>> apiLimit) {
        this.sessions = sessions;
        this.apiLimit = apiLimit;
    }

    public static Principal principal(RoutingContext ctx) {
        Principal p = ctx.get(KEY);
        if (p == null) {
            throw new IllegalStateException("route has no authentication handler");
        }
        return p;
    }

    /** Requires a live bearer token, or a live session cookie on GET/HEAD. */
    public Handler<RoutingContext> required() {
        return authenticate(p -> sessions.requireLive(p).map(x -> null));
    }

    /**
     * Like {@link #required()}, but the session check is {@code prefetch}'s: it reads what the route needs for the
     * bearer token's principal together with the session's state, starting with the budget check so their Redis
     * commands travel in one round trip; the route takes the result with {@link #prefetched}. Why this is safe:
     * the route runs (and so anything read reaches a response) only once the prefetch has called the session
     * live and the budget allows the call.
     */
    public <T extends SessionCheck> Handler<RoutingContext> required(java.util.function.Function<Principal, Future<T>> prefetch) {
        return authenticate(p -> prefetch.apply(p)
                .compose(found -> found.sessionLive() ? Future.succeededFuture(found) : Future.failedFuture(SessionService.revoked())));
    }

    /**
     * Bearer tokens: signature and claims, then {@code live} (the session check) and the API budget at once;
     * what {@code live} returns is kept for the route. The session cookie on GET/HEAD otherwise.
     */
    private Handler<RoutingContext> authenticate(java.util.function.Function<Principal, Future<?>> live) {
        return ctx -> {
            String header = ctx.request().getHeader("Authorization");
            if (header != null) {
                if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() < 8) {
                    ctx.fail(new ApiException(ErrorCode.TOKEN_INVALID, "Authorization must be 'Bearer <token>'"));
                    return;
                }
                // Session liveness and the API budget are two independent Redis round trips: run them at once.
                sessions.verifyAccessToken(header.substring(7).trim()).compose(p -> {
                    Future<?> checked = live.apply(p);
                    Future<Decision> budget = apiLimit.apply(p);
                    return Future.all(checked, budget).map(x -> {
                        ctx.put(KEY, p);
                        if (checked.result() != null) {
                            ctx.put(PREFETCH, checked.result());
                        }
                        return budget.result();
                    });
                }).onSuccess(d -> RateLimits.apply(ctx, d)).onFailure(ctx::fail);
                return;
            }
            Cookie cookie = ctx.request().getCookie(COOKIE);
            HttpMethod m = ctx.request().method();
            if (cookie != null && (m == HttpMethod.GET || m == HttpMethod.HEAD)) {
                sessions.cookie(cookie.getValue()).onSuccess(p -> {
                    if (p.isPresent()) {
                        proceed(ctx, p.get());
                    } else {
                        ctx.fail(new ApiException(ErrorCode.TOKEN_INVALID, "Session has ended; sign in again"));
                    }
                }).onFailure(ctx::fail);
                return;
            }
            ctx.fail(new ApiException(ErrorCode.TOKEN_INVALID, "Authentication required"));
        };
    }

    /** What {@link #required(java.util.function.Function)} prefetched for this request; null when nothing was. */
    public static <T> T prefetched(RoutingContext ctx) {
        return ctx.get(PREFETCH);
    }

    /** After {@link #required()}: only admins go on. */
    public Handler<RoutingContext> admin() {
        return ctx -> {
            if (principal(ctx).isAdmin()) {
                ctx.next();
            } else {
                ctx.fail(ApiException.forbidden("Administrator role required"));
            }
        };
    }

    private void proceed(RoutingContext ctx, Principal p) {
        ctx.put(KEY, p);
        apiLimit.apply(p).onComplete(d -> RateLimits.apply(ctx, d.result()));
    }
}
