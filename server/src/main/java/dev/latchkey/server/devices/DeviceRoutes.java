package dev.latchkey.server.devices;

import dev.latchkey.server.auth.Authenticator;
import dev.latchkey.server.auth.Principal;
import dev.latchkey.server.http.Bodies;
import dev.latchkey.server.http.ClientInfo;
import dev.latchkey.server.http.Responses;
import dev.latchkey.server.http.RouteTable;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code /api/v1/devices}: the caller's own machines. */
public final class DeviceRoutes {

    private final DeviceManagementService devices;
    private final Authenticator auth;

    public DeviceRoutes(DeviceManagementService devices, Authenticator auth) {
        this.devices = devices;
        this.auth = auth;
    }

    public void mount(RouteTable routes) {
        routes.get("/api/v1/devices", auth.required(), this::list);
        routes.post("/api/v1/devices/hwid-reset", auth.required(), this::reset);
        routes.patch("/api/v1/devices/:id", auth.required(), this::rename);
        routes.delete("/api/v1/devices/:id", auth.required(), this::deactivate);
    }

    private void list(RoutingContext ctx) {
        Principal p = Authenticator.principal(ctx);
        devices.own(p.userId(), p.deviceId()).onSuccess(r -> Responses.json(ctx, 200, r)).onFailure(ctx::fail);
    }

    private void rename(RoutingContext ctx) {
        Principal p = Authenticator.principal(ctx);
        JsonObject body = Bodies.json(ctx);
        if (!body.containsKey("nickname")) {
            throw dev.latchkey.server.http.ApiException.validation("nickname is required (null clears it)");
        }
        devices.rename(p.userId(), Bodies.uuidParam(ctx, "id", "Device"), Bodies.string(body, "nickname"))
                .onSuccess(d -> Responses.json(ctx, 200, d)).onFailure(ctx::fail);
    }

    private void deactivate(RoutingContext ctx) {
        Principal p = Authenticator.principal(ctx);
        devices.deactivate(Bodies.uuidParam(ctx, "id", "Device"),
                        new DeviceManagementService.Actor(p.userId(), false, ClientInfo.of(ctx)))
                .onSuccess(r -> Responses.json(ctx, 200, r)).onFailure(ctx::fail);
    }

    private void reset(RoutingContext ctx) {
        Principal p = Authenticator.principal(ctx);
        devices.selfReset(p.userId(), ClientInfo.of(ctx)).onSuccess(r -> Responses.json(ctx, 200, r)).onFailure(ctx::fail);
    }
}
