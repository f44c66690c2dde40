package dev.latchkey.server.dashboard;

import dev.latchkey.server.http.RouteTable;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /admin/events}: the live stream of the overview page (statistics every few seconds, every audit
 * event of every node as it happens). The session cookie is the only credential; no token in the URL.
 */
final class EventRoutes {

    private final EventHub hub;
    private final AdminGate gate;
    private final PageErrors errors;

    EventRoutes(EventHub hub, AdminGate gate, PageErrors errors) {
        this.hub = hub;
        this.gate = gate;
        this.errors = errors;
    }

    void mount(RouteTable routes) {
        routes.get("/admin/events", gate.authenticate(), this::stream).failureHandler(errors::handle);
    }

    private void stream(RoutingContext ctx) {
        String token = AdminGate.sessionToken(ctx);
        EventStream s = new EventStream(ctx.vertx(), ctx.response(), hub,
                () -> gate.resolve(token).map(a -> true).recover(e -> Future.succeededFuture(false)));
        s.open(ctx.request().getHeader("Last-Event-ID"));
    }
}
