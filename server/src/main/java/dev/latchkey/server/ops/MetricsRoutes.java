package dev.latchkey.server.ops;

import dev.latchkey.server.http.RouteTable;

/** {@code GET /metrics}: Prometheus text. */
public final class MetricsRoutes {

    private final Metrics metrics;

    public MetricsRoutes(Metrics metrics) {
        this.metrics = metrics;
    }

    public void mount(RouteTable routes) {
        routes.get("/metrics", ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .end(metrics.scrape()));
    }
}
