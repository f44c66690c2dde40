package dev.latchkey.server.http;

import dev.latchkey.server.Services;
import dev.latchkey.server.accounts.MeRoutes;
import dev.latchkey.server.admin.AdminAuditRoutes;
import dev.latchkey.server.admin.AdminBlacklistRoutes;
import dev.latchkey.server.admin.AdminLicenseRoutes;
import dev.latchkey.server.admin.AdminProductRoutes;
import dev.latchkey.server.devices.DeviceRoutes;
import dev.latchkey.server.licensing.LicenseRoutes;
import dev.latchkey.server.licensing.RegistrationRoutes;
import dev.latchkey.server.admin.AdminDeviceRoutes;
import dev.latchkey.server.admin.AdminSessionRoutes;
import dev.latchkey.server.admin.AdminUserRoutes;
import dev.latchkey.server.auth.AuthRoutes;
import dev.latchkey.server.health.HealthRoutes;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Assembles the router: body limits, then every feature's routes, then the one error mapper.
 * Authentication is per route (each feature says which routes need what).
 */
public final class ApiRouter {

    private ApiRouter() {
    }

    public static RouteTable create(Vertx vertx, Services s) {
        Router router = Router.router(vertx);
        // Why an explicit limit and no uploads: the default accepts 10 MB bodies and writes file uploads to disk.
        BodyHandler json = BodyHandler.create(false).setBodyLimit(s.config().jsonBodyLimit());
        router.route("/auth/*").handler(json);
        router.route("/api/*").handler(json);

        RouteTable routes = new RouteTable(router);
        new HealthRoutes(s.pool(), s.redis()).mount(routes);
        new OpenApiRoutes().mount(routes);
        new AuthRoutes(s.auth(), s.sessions(), s.authenticator(), s.audit()).mount(routes);
        new MeRoutes(s.users(), s.authenticator()).mount(routes);
        new AdminUserRoutes(s.users(), s.authenticator()).mount(routes);
        new AdminSessionRoutes(s.sessions(), s.audit(), s.authenticator()).mount(routes);
        new AdminDeviceRoutes(s.devices(), s.authenticator()).mount(routes);
        new AdminAuditRoutes(s.auditRepository(), s.authenticator()).mount(routes);
        new RegistrationRoutes(s.licensing().registration()).mount(routes);
        new LicenseRoutes(s.licensing().licenses(), s.licensing().licenseRepository(), s.licensing().heartbeats(),
                s.authenticator()).mount(routes);
        new DeviceRoutes(s.deviceManagement(), s.authenticator()).mount(routes);
        new AdminProductRoutes(s.licensing().products(), s.authenticator()).mount(routes);
        new AdminLicenseRoutes(s.licensing().licenses(), s.authenticator()).mount(routes);
        new AdminBlacklistRoutes(s.deviceManagement(), s.authenticator()).mount(routes);

        router.route().failureHandler(ErrorHandler::handle);
        router.errorHandler(404, ErrorHandler::handle);
        router.errorHandler(405, ErrorHandler::handle);
        return routes;
    }
}
