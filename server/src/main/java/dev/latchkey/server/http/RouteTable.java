package dev.latchkey.server.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Mounts feature routes on the router and remembers each (method, path), so the OpenAPI
 * document can be checked against what really exists.
 */
public final class RouteTable {

    public record Endpoint(HttpMethod method, String path) {
    }

    private final Router router;
    private final List<Endpoint> endpoints = new ArrayList<>();

    public RouteTable(Router router) {
        this.router = router;
    }

    @SafeVarargs
    public final Route get(String path, Handler<RoutingContext>... handlers) {
        return add(HttpMethod.GET, path, handlers);
    }

    @SafeVarargs
    public final Route post(String path, Handler<RoutingContext>... handlers) {
        return add(HttpMethod.POST, path, handlers);
    }

    @SafeVarargs
    public final Route patch(String path, Handler<RoutingContext>... handlers) {
        return add(HttpMethod.PATCH, path, handlers);
    }

    @SafeVarargs
    public final Route delete(String path, Handler<RoutingContext>... handlers) {
        return add(HttpMethod.DELETE, path, handlers);
    }

    private Route add(HttpMethod method, String path, Handler<RoutingContext>[] handlers) {
        endpoints.add(new Endpoint(method, path));
        Route route = router.route(method, path);
        for (Handler<RoutingContext> h : handlers) {
            route.handler(h);
        }
        return route;
    }

    public Router router() {
        return router;
    }

    public List<Endpoint> endpoints() {
        return Collections.unmodifiableList(endpoints);
    }
}
