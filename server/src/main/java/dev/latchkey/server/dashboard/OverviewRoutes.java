package dev.latchkey.server.dashboard;

import dev.latchkey.server.http.RouteTable;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * {@code GET /admin}: the overview. Cards and charts are rendered from a statistics snapshot and then kept
 * current by the event stream; the activity feed starts with the latest audit events and grows live.
 */
final class OverviewRoutes {

    static final int FEED = 25;

    private final Pages pages;
    private final Actions actions;
    private final DashboardService stats;

    OverviewRoutes(Pages pages, Actions actions, DashboardService stats) {
        this.pages = pages;
        this.actions = actions;
        this.stats = stats;
    }

    void mount(RouteTable routes) {
        actions.page(routes, "/admin", this::overview);
    }

    private void overview(RoutingContext ctx) {
        Future<JsonObject> snapshot = stats.snapshot();
        Future<JsonArray> recent = stats.recentEvents();
        Future.all(snapshot, recent).compose(x -> pages.render(ctx, "overview", "overview", Map.of(
                "stats", Plain.map(snapshot.result()),
                "statsJson", snapshot.result().encode(),
                "feed", Plain.list(recent.result()))))
                .onFailure(ctx::fail);
    }
}
