package dev.latchkey.server.accounts;

import dev.latchkey.server.auth.Authenticator;
import dev.latchkey.server.auth.Principal;
import dev.latchkey.server.http.Responses;
import dev.latchkey.server.http.RouteTable;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/v1/me}: the signed-in account and the session it uses. */
public final class MeRoutes {

    private final UserService users;
    private final Authenticator auth;

    public MeRoutes(UserService users, Authenticator auth) {
        this.users = users;
        this.auth = auth;
    }

    public void mount(RouteTable routes) {
        routes.get("/api/v1/me", auth.required(), this::me);
    }

    private void me(RoutingContext ctx) {
        Principal p = Authenticator.principal(ctx);
        users.get(p.userId()).onSuccess(u -> Responses.json(ctx, 200, u.toJson().put("session", new JsonObject()
                        .put("id", p.sessionId().toString())
                        .put("device_id", p.deviceId() == null ? null : p.deviceId().toString())
                        .put("via", p.via().name().toLowerCase()))))
                .onFailure(ctx::fail);
    }
}
