package dev.latchkey.server.admin;

import dev.latchkey.server.auth.Authenticator;
import dev.latchkey.server.devices.DeviceService;
import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.Responses;
import dev.latchkey.server.http.RouteTable;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** {@code GET /api/v1/admin/devices}: every bound machine, optionally of one user. */
public final class AdminDeviceRoutes {

    private final DeviceService devices;
    private final Authenticator auth;

    public AdminDeviceRoutes(DeviceService devices, Authenticator auth) {
        this.devices = devices;
        this.auth = auth;
    }

    public void mount(RouteTable routes) {
        routes.get("/api/v1/admin/devices", auth.required(), auth.admin(), this::list);
    }

    private void list(RoutingContext ctx) {
        String user = ctx.queryParams().get("user_id");
        UUID userId;
        try {
            userId = user == null || user.isBlank() ? null : UUID.fromString(user);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("user_id must be a UUID");
        }
        boolean all = "true".equals(ctx.queryParams().get("include_inactive"));
        devices.repository().list(userId, all, AdminPaging.request(ctx, 50, 500))
                .onSuccess(page -> Responses.json(ctx, 200, page.toJson()))
                .onFailure(ctx::fail);
    }
}
