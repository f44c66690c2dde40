package dev.latchkey.server.dashboard;

import dev.latchkey.server.Services;
import dev.latchkey.server.audit.AuditEvent;
import dev.latchkey.server.auth.Authenticator;
import dev.latchkey.server.auth.SessionCookies;
import dev.latchkey.server.auth.AuthService;
import dev.latchkey.server.auth.Credentials;
import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.ClientInfo;
import dev.latchkey.server.http.ErrorCode;
import dev.latchkey.server.http.RouteTable;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code /admin/login} (sign-in form; only administrators get in), {@code /admin/logout} and
 * {@code /admin/lang} (language choice, kept in the {@value I18n#COOKIE} cookie).
 */
final class LoginRoutes {

    private static final int PRE_COOKIE_SECONDS = 12 * 3600;
    private static final int LANG_COOKIE_SECONDS = 365 * 24 * 3600;

    private final Services services;
    private final Pages pages;
    private final Csrf csrf;
    private final AdminGate gate;
    private final PageErrors errors;
    private final I18n i18n;
    private final BodyHandler body = BodyHandler.create(false).setBodyLimit(Actions.BODY_LIMIT);

    LoginRoutes(Services services, Pages pages, Csrf csrf, AdminGate gate, PageErrors errors, I18n i18n) {
        this.services = services;
        this.pages = pages;
        this.csrf = csrf;
        this.gate = gate;
        this.errors = errors;
        this.i18n = i18n;
    }

    void mount(RouteTable routes) {
        routes.get("/admin/login", this::form).failureHandler(errors::handle);
        routes.post("/admin/login", body, services.protection().limits().login(), this::signIn).failureHandler(this::refused);
        routes.post("/admin/logout", body, gate.authenticate(), csrf.require(), this::signOut).failureHandler(errors::handle);
        routes.post("/admin/lang", body, this::language).failureHandler(errors::handle);
    }

    private void form(RoutingContext ctx) {
        gate.resolve(AdminGate.sessionToken(ctx)).onSuccess(admin -> Forms.redirect(ctx, "/admin"))
                .onFailure(notSignedIn -> showForm(ctx, 200, null, null));
    }

    private void showForm(RoutingContext ctx, int status, String errorKey, String username) {
        Cookie pre = ctx.request().getCookie(Csrf.PRE_COOKIE);
        String nonce = pre != null && pre.getValue().length() == 43 ? pre.getValue() : null;
        if (nonce == null) {
            nonce = Csrf.newNonce();
            ctx.response().addCookie(hostCookie(Csrf.PRE_COOKIE, nonce, PRE_COOKIE_SECONDS));
        }
        Map<String, Object> model = new HashMap<>();
        model.put("csrf", csrf.forNonce(nonce));
        if (errorKey != null) {
            model.put("error", i18n.text(I18n.of(ctx), errorKey));
        }
        if (username != null) {
            model.put("username", username);
        }
        pages.renderNow(ctx, status, "login", "login", model);
    }

    /** The pre-session token: bound to the nonce cookie the sign-in page set. */
    private boolean preSessionTokenValid(RoutingContext ctx) {
        Cookie pre = ctx.request().getCookie(Csrf.PRE_COOKIE);
        return pre != null && Csrf.matches(Csrf.presented(ctx), csrf.forNonce(pre.getValue()));
    }

    private void signIn(RoutingContext ctx) {
        String rawName = Forms.field(ctx, "username");
        if (!preSessionTokenValid(ctx)) {
            showForm(ctx, 403, "error.CSRF", rawName);
            return;
        }
        String username = Credentials.username(rawName);
        String password = Credentials.password(ctx.request().getFormAttribute("password"));
        ClientInfo client = ClientInfo.of(ctx);
        services.auth().webLogin(username, password, client).compose(login -> admitOnlyAdmins(login, client)).onSuccess(login -> {
            ctx.response().addCookie(sessionCookie(login.session().token(), login.session().maxAge().toSeconds()));
            ctx.response().addCookie(hostCookie(Csrf.PRE_COOKIE, "", 0));
            Forms.redirect(ctx, "/admin");
        }).onFailure(ctx::fail);
    }

    /** A valid sign-in of someone who is not an administrator opens nothing: the session just made is ended. */
    private Future<AuthService.WebLogin> admitOnlyAdmins(AuthService.WebLogin login, ClientInfo client) {
        if (login.user().isAdmin()) {
            return Future.succeededFuture(login);
        }
        return services.sessions().revoke(login.session().sessionId(), "not_admin")
                .compose(r -> services.audit().record(AuditEvent.of("dashboard.login", AuditEvent.Outcome.DENIED)
                        .actor(login.user().id(), login.user().username()).target("session", login.session().sessionId())
                        .client(client).detail("reason", "NOT_ADMIN").build()))
                .compose(v -> Future.failedFuture(new ApiException(ErrorCode.FORBIDDEN, "Administrator role required")));
    }

    private void refused(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            errors.handle(ctx);
            return;
        }
        ApiException error = PageErrors.classify(ctx.failure(), ctx.statusCode());
        String key = switch (error.code()) {
            case INVALID_CREDENTIALS, VALIDATION_FAILED -> "login.invalid";
            case ACCOUNT_BLOCKED -> "login.blocked";
            case FORBIDDEN -> "login.not_admin";
            case RATE_LIMITED -> "error.RATE_LIMITED";
            default -> null;
        };
        if (key == null) {
            errors.handle(ctx);
            return;
        }
        if (error.retryAfterSeconds() != null) {
            ctx.response().putHeader("Retry-After", String.valueOf(error.retryAfterSeconds()));
        }
        String name = ctx.request().getFormAttribute("username");
        showForm(ctx, error.code() == ErrorCode.VALIDATION_FAILED ? 401 : error.code().status(), key,
                name != null && name.length() <= 50 ? name : null);
    }

    private void signOut(RoutingContext ctx) {
        AdminGate.Admin admin = AdminGate.admin(ctx);
        services.sessions().revoke(admin.sessionId(), "logout")
                .compose(r -> services.audit().record(AuditEvent.of("auth.logout", AuditEvent.Outcome.SUCCESS)
                        .actor(admin.userId(), admin.username()).target("session", admin.sessionId())
                        .client(ClientInfo.of(ctx)).detail("kind", "web").build()))
                .onSuccess(v -> {
                    ctx.response().addCookie(sessionCookie("", 0));
                    Forms.redirect(ctx, "/admin/login");
                }).onFailure(ctx::fail);
    }

    /** Signed in, the session's token protects this form; before sign-in, the sign-in page's nonce token. */
    private void language(RoutingContext ctx) {
        String lang = Forms.field(ctx, "lang");
        gate.resolve(AdminGate.sessionToken(ctx)).map(AdminGate.Admin::csrf).otherwise((String) null).onSuccess(sessionToken -> {
            boolean ok = sessionToken != null ? Csrf.matches(Csrf.presented(ctx), sessionToken) : preSessionTokenValid(ctx);
            if (!ok) {
                Csrf.refuse(ctx);
                return;
            }
            if (!I18n.supported(lang)) {
                ctx.fail(ApiException.validation("lang must be one of " + I18n.LANGUAGES));
                return;
            }
            ctx.response().addCookie(Cookie.cookie(I18n.COOKIE, lang).setPath("/admin").setSecure(true).setHttpOnly(true)
                    .setSameSite(CookieSameSite.LAX).setMaxAge(LANG_COOKIE_SECONDS));
            Forms.redirect(ctx, Forms.back(ctx, "/admin"));
        });
    }

    /** The same cookie {@code POST /auth/login} sets: {@code __Host-} prefix, Secure, HttpOnly, SameSite=Strict, Path=/. */
    static Cookie sessionCookie(String value, long maxAgeSeconds) {
        return SessionCookies.session(value, maxAgeSeconds);
    }

    private static Cookie hostCookie(String name, String value, long maxAgeSeconds) {
        return SessionCookies.host(name, value, maxAgeSeconds);
    }
}
