package dev.latchkey.server.dashboard;

import dev.latchkey.server.accounts.UserService;
import dev.latchkey.server.auth.Authenticator;
import dev.latchkey.server.auth.Principal;
import dev.latchkey.server.auth.SessionService;
import dev.latchkey.server.devices.DeviceManagementService;
import dev.latchkey.server.http.ClientInfo;
import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.UUID;

/**
 * Who may see {@code /admin}: the browser's session cookie {@code __Host-lk_session} of a live web session
 * whose user is an administrator (and not blocked). Nothing else opens the dashboard: an
 * {@code Authorization} header, desktop or automation token is ignored, and no token is ever taken from the URL.
 */
final class AdminGate {

    static final String KEY = "dashboard.admin";

    /** The signed-in administrator of a dashboard request. */
    record Admin(UUID userId, UUID sessionId, String username, String csrf) {
        @Override
        public String toString() {
            return "Admin[" + userId + "]";
        }
    }

    /** The session did not open the dashboard. */
    static final class NotSignedIn extends RuntimeException {
        NotSignedIn() {
            super("Sign in to the dashboard", null, false, false);
        }
    }

    private final SessionService sessions;
    private final UserService users;
    private final Csrf csrf;

    AdminGate(SessionService sessions, UserService users, Csrf csrf) {
        this.sessions = sessions;
        this.users = users;
        this.csrf = csrf;
    }

    static Admin admin(RoutingContext ctx) {
        Admin a = ctx.get(KEY);
        if (a == null) {
            throw new IllegalStateException("dashboard route without the admin gate");
        }
        return a;
    }

    /** The admin as the actor of a service call (audited with id, name and address). */
    static UserService.Actor actor(RoutingContext ctx) {
        Admin a = admin(ctx);
        return new UserService.Actor(a.userId(), a.username(), ClientInfo.of(ctx));
    }

    static DeviceManagementService.Actor deviceActor(RoutingContext ctx) {
        return new DeviceManagementService.Actor(admin(ctx).userId(), true, ClientInfo.of(ctx));
    }

    static String sessionToken(RoutingContext ctx) {
        Cookie c = ctx.request().getCookie(Authenticator.COOKIE);
        return c == null ? null : c.getValue();
    }

    /** Establishes the admin or fails with {@link NotSignedIn} (no usable session) or FORBIDDEN (not an admin). */
    Handler<RoutingContext> authenticate() {
        return ctx -> resolve(sessionToken(ctx)).onSuccess(admin -> {
            ctx.put(KEY, admin);
            ctx.next();
        }).onFailure(ctx::fail);
    }

    /** The admin behind a session cookie value; fails as {@link #authenticate()} does. */
    Future<Admin> resolve(String token) {
        if (token == null) {
            return Future.failedFuture(new NotSignedIn());
        }
        return sessions.cookie(token).compose((Optional<Principal> found) -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new NotSignedIn());
            }
            Principal p = found.get();
            if (!p.isAdmin()) {
                return Future.failedFuture(new ApiException(ErrorCode.FORBIDDEN, "Administrator role required"));
            }
            return users.get(p.userId()).compose(user -> {
                if (user.blocked() || !user.isAdmin()) {
                    return Future.failedFuture(new ApiException(ErrorCode.FORBIDDEN, "Administrator role required"));
                }
                return Future.succeededFuture(new Admin(user.id(), p.sessionId(), user.username(), csrf.forSession(p.sessionId())));
            });
        });
    }
}
