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
        return required(null);
    }

    /**
     * Like {@link #required()}, and starts {@code prefetch} for the bearer token's principal together with the
     * session and budget checks, so its Redis commands travel in the same round trip; the route takes the
     * result with {@link #prefetched}. Why this is safe: the prefetch changes nothing the caller could see (it
     * reads, and on a miss may warm the entitlement caches from PostgreSQL), and the route runs (and so
     * anything read reaches a response) only once both checks have passed.
     */
    public <T> Handler<RoutingContext> required(java.util.function.Function<Principal, Future<T>> prefetch) {
        return ctx -> {
            String header = ctx.request().getHeader("Authorization");
            if (header != null) {
                if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() < 8) {
                    ctx.fail(new ApiException(ErrorCode.TOKEN_INVALID, "Authorization must be 'Bearer <token>'"));
                    return;
                }
                // Session liveness and the API budget are two independent Redis round trips: run them at once.
                sessions.verifyAccessToken(header.substring(7).trim()).compose(p -> {
                    Future<Principal> live = sessions.requireLive(p);
                    Future<Decision> budget = apiLimit.apply(p);
                    if (prefetch != null) {
                        ctx.put(PREFETCH, prefetch.apply(p));
                    }
                    return Future.all(live, budget).map(x -> {
                        ctx.put(KEY, p);
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
    public static <T> Future<T> prefetched(RoutingContext ctx) {
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
