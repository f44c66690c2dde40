package dev.latchkey.server.admin;

import dev.latchkey.server.auth.Authenticator;
import dev.latchkey.server.http.Bodies;
import dev.latchkey.server.http.Responses;
import dev.latchkey.server.http.RouteTable;
import dev.latchkey.server.licensing.ProductService;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code /api/v1/admin/products}. */
public final class AdminProductRoutes {

    private final ProductService products;
    private final Authenticator auth;

    public AdminProductRoutes(ProductService products, Authenticator auth) {
        this.products = products;
        this.auth = auth;
    }

    public void mount(RouteTable routes) {
        routes.post("/api/v1/admin/products", auth.required(), auth.admin(), this::create);
        routes.get("/api/v1/admin/products", auth.required(), auth.admin(), this::list);
        routes.get("/api/v1/admin/products/:id", auth.required(), auth.admin(), this::get);
        routes.patch("/api/v1/admin/products/:id", auth.required(), auth.admin(), this::update);
    }

    private static ProductService.Settings settings(JsonObject b) {
        return ProductService.Settings.validate(Bodies.string(b, "name"), Bodies.string(b, "description"),
                Bodies.integer(b, "heartbeat_interval"), Bodies.integer(b, "grace_period"), Bodies.bool(b, "free_seats"),
                Bodies.integer(b, "seat_timeout"));
    }

    private void create(RoutingContext ctx) {
        products.create(settings(Bodies.json(ctx)), AdminActor.of(ctx))
                .onSuccess(p -> Responses.json(ctx, 201, p.toJson())).onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        products.list(Bodies.intQuery(ctx, "limit", 100, 1, 500), Bodies.intQuery(ctx, "offset", 0, 0, Integer.MAX_VALUE))
                .onSuccess(page -> Responses.json(ctx, 200, page)).onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        products.get(Bodies.uuidParam(ctx, "id", "Product")).onSuccess(p -> Responses.json(ctx, 200, p.toJson())).onFailure(ctx::fail);
    }

    private void update(RoutingContext ctx) {
        JsonObject b = Bodies.json(ctx);
        products.update(Bodies.uuidParam(ctx, "id", "Product"), settings(b), b.containsKey("description"), AdminActor.of(ctx))
                .onSuccess(p -> Responses.json(ctx, 200, p.toJson())).onFailure(ctx::fail);
    }
}
