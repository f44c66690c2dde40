package dev.latchkey.server.auth;

import dev.latchkey.protocol.hwid.HwidComponents;
import dev.latchkey.server.audit.AuditEvent;
import dev.latchkey.server.audit.AuditService;
import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.Bodies;
import dev.latchkey.server.http.ClientInfo;
import dev.latchkey.server.http.Responses;
import dev.latchkey.server.http.RouteTable;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code /auth/*}: sign-in and sign-out for browsers, desktop clients and automation. */
public final class AuthRoutes {

    private static final int MAX_DEVICE_NAME = 100;

    private final AuthService auth;
    private final SessionService sessions;
    private final Authenticator authenticator;
    private final AuditService audit;

    public AuthRoutes(AuthService auth, SessionService sessions, Authenticator authenticator, AuditService audit) {
        this.auth = auth;
        this.sessions = sessions;
        this.authenticator = authenticator;
        this.audit = audit;
    }

    public void mount(RouteTable routes) {
        routes.post("/auth/login", this::webLogin);
        routes.post("/auth/logout", this::webLogout);
        routes.post("/auth/client/login", this::clientLogin);
        routes.post("/auth/refresh", this::refresh);
        routes.post("/auth/token", this::apiToken);
        routes.post("/auth/client/logout", authenticator.required(), this::clientLogout);
    }

    private void webLogin(RoutingContext ctx) {
        JsonObject body = Bodies.jsonOrForm(ctx);
        String username = Credentials.username(Bodies.string(body, "username"));
        String password = Credentials.password(Bodies.string(body, "password"));
        auth.webLogin(username, password, ClientInfo.of(ctx)).onSuccess(login -> {
            ctx.response().addCookie(sessionCookie(login.session().token(), login.session().maxAge().toSeconds()));
            Responses.json(ctx, 200, new JsonObject().put("user", login.user().toJson())
                    .put("session_expires_in", login.session().maxAge().toSeconds()));
        }).onFailure(ctx::fail);
    }

    private void webLogout(RoutingContext ctx) {
        Cookie cookie = ctx.request().getCookie(Authenticator.COOKIE);
        ClientInfo client = ClientInfo.of(ctx);
        Future<Void> done = cookie == null ? Future.succeededFuture() : sessions.cookie(cookie.getValue()).compose(p -> {
            if (p.isEmpty()) {
                return Future.succeededFuture();
            }
            return sessions.revoke(p.get().sessionId(), "logout").compose(r -> audit.record(AuditEvent
                    .of("auth.logout", AuditEvent.Outcome.SUCCESS).actor(p.get().userId(), null)
                    .target("session", p.get().sessionId()).client(client).detail("kind", "web").build()));
        });
        done.onSuccess(v -> {
            // Why always clear: the browser forgets the cookie even when the server had already ended it.
            ctx.response().addCookie(sessionCookie("", 0));
            Responses.noContent(ctx);
        }).onFailure(ctx::fail);
    }

    private void clientLogin(RoutingContext ctx) {
        JsonObject body = Bodies.json(ctx);
        String username = Credentials.username(Bodies.string(body, "username"));
        String password = Credentials.password(Bodies.string(body, "password"));
        HwidComponents hwid = hwid(body.getValue("hwid"));
        String deviceName = Bodies.string(body, "device_name");
        if (deviceName != null && (deviceName.isBlank() || deviceName.length() > MAX_DEVICE_NAME)) {
            throw ApiException.validation("device_name must be 1-" + MAX_DEVICE_NAME + " characters");
        }
        auth.clientLogin(username, password, hwid, deviceName, ClientInfo.of(ctx))
                .onSuccess(pair -> Responses.json(ctx, 200, pair.toJson()))
                .onFailure(ctx::fail);
    }

    private void refresh(RoutingContext ctx) {
        String token = Bodies.requiredString(Bodies.json(ctx), "refresh_token");
        ClientInfo client = ClientInfo.of(ctx);
        sessions.refresh(token, client)
                .compose(pair -> audit.record(AuditEvent.of("auth.refresh", AuditEvent.Outcome.SUCCESS)
                        .actor(pair.userId(), null).target("device", pair.deviceId()).client(client).build()).map(pair))
                .recover(err -> audit.record(AuditEvent.of("auth.refresh", AuditEvent.Outcome.FAILURE).client(client)
                                .detail("reason", err instanceof ApiException a ? a.code().name() : "ERROR").build())
                        .compose(v -> Future.failedFuture(err)))
                .onSuccess(pair -> Responses.json(ctx, 200, pair.toJson()))
                .onFailure(ctx::fail);
    }

    private void apiToken(RoutingContext ctx) {
        JsonObject body = Bodies.json(ctx);
        String username = Credentials.username(Bodies.string(body, "username"));
        String password = Credentials.password(Bodies.string(body, "password"));
        auth.apiToken(username, password, ClientInfo.of(ctx))
                .onSuccess(json -> Responses.json(ctx, 200, json))
                .onFailure(ctx::fail);
    }

    private void clientLogout(RoutingContext ctx) {
        Principal p = Authenticator.principal(ctx);
        sessions.revoke(p.sessionId(), "logout")
                .compose(r -> audit.record(AuditEvent.of("auth.client_logout", AuditEvent.Outcome.SUCCESS)
                        .actor(p.userId(), null).target("session", p.sessionId()).client(ClientInfo.of(ctx)).build()))
                .onSuccess(v -> Responses.noContent(ctx))
                .onFailure(ctx::fail);
    }

    private static HwidComponents hwid(Object raw) {
        try {
            if (raw instanceof String s) {
                return HwidComponents.ofPlain(s);
            }
            if (raw instanceof JsonObject o) {
                return HwidComponents.of(o.getMap());
            }
        } catch (IllegalArgumentException e) {
            throw ApiException.validation(e.getMessage());
        }
        throw ApiException.validation("hwid is required: an object of component name to hex SHA-256, or a string");
    }

    static Cookie sessionCookie(String value, long maxAgeSeconds) {
        return SessionCookies.session(value, maxAgeSeconds);
    }
}
