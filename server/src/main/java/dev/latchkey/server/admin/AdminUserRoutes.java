package dev.latchkey.server.admin;

import dev.latchkey.server.accounts.UserService;
import dev.latchkey.server.auth.Authenticator;
import dev.latchkey.server.http.Bodies;
import dev.latchkey.server.http.Responses;
import dev.latchkey.server.http.RouteTable;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** {@code /api/v1/admin/users}: create, search, change, block, reset devices. */
public final class AdminUserRoutes {

    private final UserService users;
    private final Authenticator auth;

    public AdminUserRoutes(UserService users, Authenticator auth) {
        this.users = users;
        this.auth = auth;
    }

    public void mount(RouteTable routes) {
        routes.post("/api/v1/admin/users", auth.required(), auth.admin(), this::create);
        routes.get("/api/v1/admin/users", auth.required(), auth.admin(), this::list);
        routes.get("/api/v1/admin/users/:id", auth.required(), auth.admin(), this::get);
        routes.patch("/api/v1/admin/users/:id", auth.required(), auth.admin(), this::update);
        routes.post("/api/v1/admin/users/:id/hwid-reset", auth.required(), auth.admin(), this::resetHwid);
    }

    private void create(RoutingContext ctx) {
        JsonObject b = Bodies.json(ctx);
        UserService.NewUser request = UserService.newUser(Bodies.string(b, "username"), Bodies.string(b, "password"),
                Bodies.string(b, "email"), Bodies.string(b, "role"), Bodies.integer(b, "max_devices"));
        users.create(request, AdminActor.of(ctx))
                .onSuccess(u -> Responses.json(ctx, 201, u.toJson()))
                .onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        users.list(ctx.queryParams().get("q"), AdminPaging.request(ctx, 50, 500))
                .onSuccess(page -> Responses.json(ctx, 200, page.toJson()))
                .onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        users.get(Bodies.uuidParam(ctx, "id", "User"))
                .onSuccess(u -> Responses.json(ctx, 200, u.toJson()))
                .onFailure(ctx::fail);
    }

    private void update(RoutingContext ctx) {
        UUID id = Bodies.uuidParam(ctx, "id", "User");
        JsonObject b = Bodies.json(ctx);
        UserService.Change change = UserService.Change.of(Bodies.bool(b, "blocked"), Bodies.string(b, "role"),
                Bodies.integer(b, "max_devices"), b.containsKey("email"), Bodies.string(b, "email"), Bodies.bool(b, "flagged"));
        users.update(id, change, AdminActor.of(ctx))
                .onSuccess(u -> Responses.json(ctx, 200, u.toJson()))
                .onFailure(ctx::fail);
    }

    private void resetHwid(RoutingContext ctx) {
        users.resetHwid(Bodies.uuidParam(ctx, "id", "User"), AdminActor.of(ctx))
                .onSuccess(r -> Responses.json(ctx, 200, r))
                .onFailure(ctx::fail);
    }
}
