package dev.latchkey.server.http;

import dev.latchkey.server.Services;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/** One HTTP server instance (deployed once per event loop); all share {@link Services}. */
public final class HttpVerticle extends VerticleBase {

    private final Services services;
    private HttpServer server;

    public HttpVerticle(Services services) {
        this.services = services;
    }

    @Override
    public Future<?> start() {
        RouteTable routes = ApiRouter.create(vertx, services);
        server = vertx.createHttpServer(new HttpServerOptions()
                .setHost(services.config().httpHost())
                .setPort(services.config().httpPort())
                // Why: bound header size and idle keep-alive so slow or huge requests cannot hold resources for ever.
                .setMaxHeaderSize(16 * 1024)
                .setIdleTimeout(120)
                .setCompressionSupported(false));
        return server.requestHandler(routes.router()).listen();
    }

    /** The port actually bound (tests listen on port 0). */
    public int actualPort() {
        return server.actualPort();
    }
}
