package dev.latchkey.server.http;

import dev.latchkey.server.Services;
import dev.latchkey.server.accounts.MeRoutes;
import dev.latchkey.server.admin.AdminAuditRoutes;
import dev.latchkey.server.admin.AdminBlacklistRoutes;
import dev.latchkey.server.admin.AdminIpBlockRoutes;
import dev.latchkey.server.ops.MetricsRoutes;
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

    /** The one route whose body is not read by the JSON body handler. */
    public static final String UPLOAD_PATH = "/api/v1/admin/files";

    private ApiRouter() {
    }

    public static RouteTable create(Vertx vertx, Services s) {
        Router router = Router.router(vertx);
        router.route().handler(new EdgeHandler(s.protection().addresses(), s.protection().blocklist()));
        // Why an explicit limit and no uploads: the default accepts 10 MB bodies and writes file uploads to disk.
        BodyHandler json = BodyHandler.create(false).setBodyLimit(s.config().jsonBodyLimit());
        router.route("/auth/*").handler(json);
        // File uploads stream their body straight into the encrypted store: no body handler for them.
        router.route("/api/*").handler(ctx -> {
            if (ctx.request().method() == io.vertx.core.http.HttpMethod.POST && UPLOAD_PATH.equals(ctx.request().path())) {
                // Why pause: authentication runs before the upload handler; no body byte may be lost meanwhile.
                ctx.request().pause();
                ctx.next();
            } else {
                json.handle(ctx);
            }
        });
        var loginLimit = s.protection().limits().login();
        for (String path : new String[] {"/auth/login", "/auth/client/login", "/auth/token", "/auth/register"}) {
            router.post(path).handler(loginLimit);
        }

        RouteTable routes = new RouteTable(router);
        // The heartbeat first: a request is matched against the routes in order, and this is the busiest one.
        new LicenseRoutes(s.licensing().licenses(), s.licensing().licenseRepository(), s.licensing().heartbeats(),
                s.authenticator()).mount(routes);
        new MetricsRoutes(s.metrics()).mount(routes);
        new AdminIpBlockRoutes(s.protection().blocks(), s.protection().blocklist(), s.audit(), s.authenticator()).mount(routes);
        s.files().mount(routes, s.authenticator(), s.protection().limits().download());
        new HealthRoutes(s.pool(), s.redis()).mount(routes);
        new OpenApiRoutes().mount(routes);
        new AuthRoutes(s.auth(), s.sessions(), s.authenticator(), s.audit()).mount(routes);
        new MeRoutes(s.users(), s.authenticator()).mount(routes);
        new AdminUserRoutes(s.users(), s.authenticator()).mount(routes);
        new AdminSessionRoutes(s.sessions(), s.audit(), s.authenticator()).mount(routes);
        new AdminDeviceRoutes(s.devices(), s.authenticator()).mount(routes);
        new AdminAuditRoutes(s.auditRepository(), s.authenticator()).mount(routes);
        new RegistrationRoutes(s.licensing().registration()).mount(routes);
        new DeviceRoutes(s.deviceManagement(), s.authenticator()).mount(routes);
        new AdminProductRoutes(s.licensing().products(), s.authenticator()).mount(routes);
        new AdminLicenseRoutes(s.licensing().licenses(), s.authenticator()).mount(routes);
        new AdminBlacklistRoutes(s.deviceManagement(), s.authenticator()).mount(routes);

        s.dashboard().mount(router, routes, s);

        router.route().failureHandler(ErrorHandler::handle);
        router.errorHandler(404, ErrorHandler::handle);
        router.errorHandler(405, ErrorHandler::handle);
        return routes;
    }
}
