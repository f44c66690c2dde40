package dev.latchkey.server.dashboard;

import dev.latchkey.server.http.RouteTable;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /admin/static/{file}}: the dashboard's CSS, scripts and icon (public: they hold no data). */
final class AssetRoutes {

    private final Assets assets;

    AssetRoutes(Assets assets) {
        this.assets = assets;
    }

    void mount(RouteTable routes) {
        routes.get("/admin/static/:file", this::serve);
    }

    private void serve(RoutingContext ctx) {
        Assets.Asset a = assets.get(ctx.pathParam("file"));
        var r = ctx.response();
        Views.headers(r);
        if (a == null) {
            r.setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8").end("Not found");
            return;
        }
        boolean versioned = Assets.version().equals(ctx.queryParams().get("v"));
        r.putHeader("Cache-Control", versioned ? "public, max-age=31536000, immutable" : "no-cache")
                .putHeader("ETag", a.etag());
        if (a.etag().equals(ctx.request().getHeader("If-None-Match"))) {
            r.setStatusCode(304).end();
            return;
        }
        r.putHeader("Content-Type", a.contentType()).end(a.body());
    }
}
