package dev.latchkey.server.protection;

import dev.latchkey.server.auth.Principal;
import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.ClientInfo;
import dev.latchkey.server.http.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * The route handlers that apply the configured limits and write the standard
 * {@code RateLimit-Limit/Remaining/Reset} headers on every limited response.
 */
public final class RateLimits {

    private final RateLimiter limiter;
    private final RateLimiter.LimitClass login;
    private final RateLimiter.LimitClass api;
    private final RateLimiter.LimitClass download;

    public RateLimits(RateLimiter limiter, RateLimit login, RateLimit api, RateLimit download) {
        this.limiter = limiter;
        this.login = new RateLimiter.LimitClass("login", login, RateLimiter.Kind.FAIL_CLOSED);
        this.api = new RateLimiter.LimitClass("api", api, RateLimiter.Kind.FAIL_OPEN);
        this.download = new RateLimiter.LimitClass("download", download, RateLimiter.Kind.FAIL_CLOSED);
    }

    /**
     * Sign-in routes: one budget per client IP and one per username (so one account attacked
     * from many addresses is caught too). Runs after the body is read; at the limit even the
     * right password is refused.
     */
    public Handler<RoutingContext> login() {
        return ctx -> {
            String ip = ClientInfo.of(ctx).ip();
            String username = usernameOf(ctx);
            Future<Decision> byIp = limiter.hit(login, "ip:" + ip);
            Future<Decision> byUser = username == null ? Future.succeededFuture(null) : limiter.hit(login, "user:" + username);
            Future.all(byIp, byUser).onComplete(x -> {
                Decision pick = byIp.result();
                Decision b = byUser.result();
                if (b != null && (!b.allowed() || pick.allowed() && b.remaining() < pick.remaining())) {
                    pick = b;
                }
                apply(ctx, pick);
            });
        };
    }

    /** Authenticated API calls, per user (called by the authenticator once the caller is known). */
    public Future<Decision> api(Principal p) {
        return limiter.hit(api, "user:" + p.userId());
    }

    /** Downloads and key requests, per user. */
    public Handler<RoutingContext> download() {
        return ctx -> {
            Principal p = dev.latchkey.server.auth.Authenticator.principal(ctx);
            limiter.hit(download, "user:" + p.userId()).onComplete(d -> apply(ctx, d.result()));
        };
    }

    /** Writes the headers, then continues or refuses with 429. */
    public static void apply(RoutingContext ctx, Decision d) {
        if (d == null) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("RateLimit-Limit", String.valueOf(d.limit()))
                .putHeader("RateLimit-Remaining", String.valueOf(d.remaining()))
                .putHeader("RateLimit-Reset", String.valueOf(d.resetSeconds()));
        if (d.allowed()) {
            ctx.next();
        } else {
            ctx.fail(new ApiException(ErrorCode.RATE_LIMITED, "Too many requests; retry in " + d.resetSeconds() + " s",
                    (int) Math.max(1, d.resetSeconds())));
        }
    }

    private static String usernameOf(RoutingContext ctx) {
        try {
            String type = ctx.request().getHeader("Content-Type");
            String name;
            if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                name = ctx.request().getFormAttribute("username");
            } else {
                Object body = ctx.body() == null || ctx.body().buffer() == null ? null : ctx.body().buffer().toJsonValue();
                name = body instanceof JsonObject o && o.getValue("username") instanceof String s ? s : null;
            }
            return name == null || name.isBlank() || name.length() > 50 ? null : name.toLowerCase(Locale.ROOT);
        } catch (RuntimeException malformed) {
            return null;
        }
    }
}
