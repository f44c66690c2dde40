package dev.latchkey.server.dashboard;

import dev.latchkey.server.Services;
import dev.latchkey.server.http.RouteTable;
import dev.latchkey.server.licensing.ProductService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** {@code /admin/products}: what is licensed, its heartbeat, grace period and seat freeing; create and change. */
final class ProductPages {

    private final Services services;
    private final Pages pages;
    private final DashboardReads reads;
    private final Actions actions;

    ProductPages(Services services, Pages pages, DashboardReads reads, Actions actions) {
        this.services = services;
        this.pages = pages;
        this.reads = reads;
        this.actions = actions;
    }

    private ProductService products() {
        return services.licensing().products();
    }

    void mount(RouteTable routes) {
        actions.page(routes, "/admin/products", this::list);
        actions.form(routes, "/admin/products", this::create);
        actions.form(routes, "/admin/products/:id", this::update);
    }

    private void list(RoutingContext ctx) {
        Future<JsonObject> all = products().list(500, 0);
        Future<Map<String, JsonObject>> counts = all.compose(found -> {
            java.util.List<String> ids = new java.util.ArrayList<>();
            found.getJsonArray("items").forEach(o -> ids.add(((JsonObject) o).getString("id")));
            return reads.productCounts(ids);
        });
        Future.all(all, counts).compose(x -> {
            Map<String, Object> counted = new HashMap<>();
            counts.result().forEach((k, v) -> counted.put(k, Plain.map(v)));
            Map<String, Object> m = new HashMap<>();
            m.put("products", Plain.list(all.result().getJsonArray("items")));
            m.put("counts", counted);
            m.put("defaults", Map.of("heartbeat", ProductService.DEFAULT_HEARTBEAT, "grace", ProductService.DEFAULT_GRACE,
                    "seatTimeout", ProductService.DEFAULT_SEAT_TIMEOUT));
            return pages.render(ctx, "products", "products", m);
        }).onFailure(ctx::fail);
    }

    private static ProductService.Settings settings(RoutingContext ctx) {
        return ProductService.Settings.validate(Forms.field(ctx, "name"), ctx.request().getFormAttribute("description"),
                Forms.intField(ctx, "heartbeat_interval"), Forms.intField(ctx, "grace_period"), Forms.checked(ctx, "free_seats"),
                Forms.intField(ctx, "seat_timeout"));
    }

    private void create(RoutingContext ctx) {
        actions.finish(ctx, products().create(settings(ctx), AdminGate.actor(ctx)), "flash.product_created", "/admin/products");
    }

    private void update(RoutingContext ctx) {
        UUID id = Forms.uuidParam(ctx, "id", "Product");
        actions.finish(ctx, products().update(id, settings(ctx), true, AdminGate.actor(ctx)), "flash.product_updated", "/admin/products");
    }
}
