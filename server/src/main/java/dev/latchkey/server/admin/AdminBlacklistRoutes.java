package dev.latchkey.server.admin;

import dev.latchkey.protocol.hwid.HwidComponents;
import dev.latchkey.server.auth.Authenticator;
import dev.latchkey.server.devices.DeviceManagementService;
import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.Bodies;
import dev.latchkey.server.http.ClientInfo;
import dev.latchkey.server.http.Responses;
import dev.latchkey.server.http.RouteTable;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /api/v1/admin/hwid-blacklist} (by fingerprint, or by a known {@code device_id}) and
 * {@code DELETE /api/v1/admin/devices/{id}} (deactivate any device, no cooldown).
 */
public final class AdminBlacklistRoutes {

    private final DeviceManagementService devices;
    private final Authenticator auth;

    public AdminBlacklistRoutes(DeviceManagementService devices, Authenticator auth) {
        this.devices = devices;
        this.auth = auth;
    }

    public void mount(RouteTable routes) {
        routes.post("/api/v1/admin/hwid-blacklist", auth.required(), auth.admin(), this::add);
        routes.get("/api/v1/admin/hwid-blacklist", auth.required(), auth.admin(), this::list);
        routes.delete("/api/v1/admin/hwid-blacklist/:id", auth.required(), auth.admin(), this::remove);
        routes.delete("/api/v1/admin/devices/:id", auth.required(), auth.admin(), this::deactivate);
    }

    private static DeviceManagementService.Actor actor(RoutingContext ctx) {
        return new DeviceManagementService.Actor(Authenticator.principal(ctx).userId(), true, ClientInfo.of(ctx));
    }

    private void add(RoutingContext ctx) {
        JsonObject b = Bodies.json(ctx);
        Object hwid = b.getValue("hwid");
        String deviceId = Bodies.string(b, "device_id");
        Future<HwidComponents> fingerprint;
        try {
            if (hwid instanceof JsonObject o) {
                fingerprint = Future.succeededFuture(HwidComponents.of(o.getMap()));
            } else if (hwid instanceof String s) {
                fingerprint = Future.succeededFuture(HwidComponents.ofPlain(s));
            } else if (deviceId != null) {
                fingerprint = devices.fingerprintOf(AdminLicenseRoutes.uuid(deviceId, "device_id"));
            } else {
                throw ApiException.validation("give hwid (components or a string) or device_id");
            }
        } catch (IllegalArgumentException e) {
            throw ApiException.validation(e.getMessage());
        }
        fingerprint.compose(f -> devices.blacklist(f, Bodies.string(b, "reason"), actor(ctx)))
                .onSuccess(r -> Responses.json(ctx, 201, r)).onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        devices.blacklisted().onSuccess(r -> Responses.json(ctx, 200, r)).onFailure(ctx::fail);
    }

    private void remove(RoutingContext ctx) {
        devices.unblacklist(Bodies.uuidParam(ctx, "id", "Blacklist entry"), actor(ctx))
                .onSuccess(v -> Responses.noContent(ctx)).onFailure(ctx::fail);
    }

    private void deactivate(RoutingContext ctx) {
        devices.deactivate(Bodies.uuidParam(ctx, "id", "Device"), actor(ctx))
                .onSuccess(r -> Responses.json(ctx, 200, r)).onFailure(ctx::fail);
    }
}
