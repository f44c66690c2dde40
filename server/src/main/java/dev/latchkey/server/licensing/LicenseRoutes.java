package dev.latchkey.server.licensing;

import dev.latchkey.server.auth.Authenticator;
import dev.latchkey.server.auth.Principal;
import dev.latchkey.server.http.Bodies;
import dev.latchkey.server.http.ClientInfo;
import dev.latchkey.server.http.Responses;
import dev.latchkey.server.http.RouteTable;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/** {@code /api/v1/licenses}, {@code /api/v1/heartbeat}, {@code /api/v1/signing-key}: what the desktop client calls. */
public final class LicenseRoutes {

    private final LicenseService licenses;
    private final LicenseRepository repository;
    private final HeartbeatService heartbeats;
    private final Authenticator auth;

    public LicenseRoutes(LicenseService licenses, LicenseRepository repository, HeartbeatService heartbeats, Authenticator auth) {
        this.licenses = licenses;
        this.repository = repository;
        this.heartbeats = heartbeats;
        this.auth = auth;
    }

    public void mount(RouteTable routes) {
        routes.get("/api/v1/licenses", auth.required(), this::mine);
        routes.post("/api/v1/licenses/redeem", auth.required(), this::redeem);
        // The entitlements lookup shares the session and budget checks' Redis round trip: one per heartbeat.
        routes.post("/api/v1/heartbeat", auth.required(heartbeats::prefetch), this::heartbeat);
        routes.get("/api/v1/signing-key", this::signingKey);
    }

    private void mine(RoutingContext ctx) {
        Principal p = Authenticator.principal(ctx);
        repository.ofUser(p.userId(), p.deviceId())
                .onSuccess(items -> Responses.json(ctx, 200, new JsonObject().put("items", items).put("total", items.size())))
                .onFailure(ctx::fail);
    }

    private void redeem(RoutingContext ctx) {
        Principal p = Authenticator.principal(ctx);
        String key = Bodies.requiredString(Bodies.json(ctx), "license_key");
        licenses.redeem(p.userId(), key, ClientInfo.of(ctx))
                .onSuccess(l -> Responses.json(ctx, 200, l.toJson(Instant.now())))
                .onFailure(ctx::fail);
    }

    private void heartbeat(RoutingContext ctx) {
        Principal p = Authenticator.principal(ctx);
        if (ctx.body() != null && ctx.body().length() > 0) {
            String version = Bodies.string(Bodies.json(ctx), "version");
            if (version != null && version.length() > 64) {
                throw dev.latchkey.server.http.ApiException.validation("version must be at most 64 characters");
            }
        }
        heartbeats.beat(p, Authenticator.<LicenseCache.Lookup>prefetched(ctx)).onSuccess(r -> Responses.json(ctx, 200, r)).onFailure(ctx::fail);
    }

    private void signingKey(RoutingContext ctx) {
        JsonObject jwk = new JsonObject();
        heartbeats.signer().publicJwk().forEach(jwk::put);
        ctx.response().putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "public, max-age=300")
                .end(jwk.toBuffer());
    }
}
