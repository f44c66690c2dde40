package dev.latchkey.server.dashboard;

import dev.latchkey.server.Services;
import dev.latchkey.server.http.ClientInfo;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Hands a dashboard request to an admin REST route of a feature that has no public service API (the files
 * feature keeps its service package-private): after the admin gate and the CSRF check, the request gets a
 * short-lived automation token of the signed-in admin and is re-routed, body still unread, to the REST path.
 * The feature's own handler then does the work (streaming upload, validation, audit) exactly as for a script;
 * the token never leaves the server and its session is ended as soon as the answer is sent.
 */
final class ApiBridge {

    private static final Logger LOG = Logger.getLogger(ApiBridge.class.getName());

    private final Services services;

    ApiBridge(Services services) {
        this.services = services;
    }

    /** First handler of a bridged route, synchronous: the body must wait unread until the REST route reads it. */
    static void pause(RoutingContext ctx) {
        ctx.request().pause();
        ctx.next();
    }

    Handler<RoutingContext> to(HttpMethod method, java.util.function.Function<RoutingContext, String> target) {
        return ctx -> {
            AdminGate.Admin admin = AdminGate.admin(ctx);
            String path = target.apply(ctx);
            services.users().get(admin.userId())
                    .compose(user -> services.sessions().openApi(user, ClientInfo.of(ctx)))
                    .compose(token -> services.sessions().bearer(token).map(p -> new Minted(token, p.sessionId())))
                    .onSuccess(minted -> {
                        ctx.request().headers().set("Authorization", "Bearer " + minted.token());
                        ctx.request().headers().set("Accept", "application/json");
                        ctx.reroute(method, path);
                        ctx.addEndHandler(x -> end(minted.sessionId()));
                    })
                    .onFailure(ctx::fail);
        };
    }

    private record Minted(String token, UUID sessionId) {
        @Override
        public String toString() {
            return "Minted[" + sessionId + "]";
        }
    }

    private void end(UUID sessionId) {
        services.sessions().revoke(sessionId, "dashboard_bridge")
                .onFailure(e -> LOG.warning("Could not end bridge session " + sessionId + ": " + e.getMessage()));
    }
}
