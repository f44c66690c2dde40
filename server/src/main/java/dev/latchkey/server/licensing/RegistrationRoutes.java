package dev.latchkey.server.licensing;

import dev.latchkey.server.http.Bodies;
import dev.latchkey.server.http.ClientInfo;
import dev.latchkey.server.http.Responses;
import dev.latchkey.server.http.RouteTable;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/** {@code POST /auth/register}: sign up with a license key. */
public final class RegistrationRoutes {

    private final RegistrationService registration;

    public RegistrationRoutes(RegistrationService registration) {
        this.registration = registration;
    }

    public void mount(RouteTable routes) {
        routes.post("/auth/register", this::register);
    }

    private void register(RoutingContext ctx) {
        JsonObject b = Bodies.json(ctx);
        // role, max_devices and any other field are ignored: not the caller's to set.
        registration.register(Bodies.string(b, "username"), Bodies.string(b, "password"), Bodies.string(b, "email"),
                        Bodies.requiredString(b, "license_key"), ClientInfo.of(ctx))
                .onSuccess(r -> Responses.json(ctx, 201, new JsonObject().put("user", r.user().toJson())
                        .put("license", r.license().toJson(Instant.now()))))
                .onFailure(ctx::fail);
    }
}
