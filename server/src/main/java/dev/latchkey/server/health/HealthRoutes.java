package dev.latchkey.server.health;

import dev.latchkey.server.http.RouteTable;
import dev.latchkey.server.infra.Postgres;
import dev.latchkey.server.infra.RedisStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/** {@code GET /health}: 200 when PostgreSQL and Redis answer, 503 naming what does not. */
public final class HealthRoutes {

    private static final long CHECK_TIMEOUT_MS = 2000;
    private static final io.vertx.core.buffer.Buffer LIVE = io.vertx.core.buffer.Buffer.buffer("{\"status\":\"ok\"}");

    private final Pool pool;
    private final RedisStore redis;

    public HealthRoutes(Pool pool, RedisStore redis) {
        this.pool = pool;
        this.redis = redis;
    }

    public void mount(RouteTable routes) {
        routes.get("/health", this::health);
        // Liveness only: no I/O, so a load balancer's probe (and the benchmarks' bare baseline) costs nothing.
        routes.get("/health/live", ctx -> ctx.response().putHeader("Content-Type", "application/json").end(LIVE));
    }

    private void health(RoutingContext ctx) {
        Future<String> pg = status(Postgres.ping(pool));
        Future<String> rd = status(redis.ping());
        Future.join(pg, rd).onComplete(x -> {
            boolean up = "up".equals(pg.result()) && "up".equals(rd.result());
            ctx.response().setStatusCode(up ? 200 : 503)
                    .putHeader("Content-Type", "application/json; charset=utf-8")
                    .putHeader("Cache-Control", "no-store")
                    .end(new JsonObject().put("status", up ? "ok" : "degraded")
                            .put("postgres", pg.result()).put("redis", rd.result()).toBuffer());
        });
    }

    private static Future<String> status(Future<Void> check) {
        return check.timeout(CHECK_TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)
                .map("up").otherwise("down");
    }
}
