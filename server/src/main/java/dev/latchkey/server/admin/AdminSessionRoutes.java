package dev.latchkey.server.admin;

import dev.latchkey.server.audit.AuditEvent;
import dev.latchkey.server.audit.AuditService;
import dev.latchkey.server.auth.Authenticator;
import dev.latchkey.server.auth.SessionService;
import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.Bodies;
import dev.latchkey.server.http.Responses;
import dev.latchkey.server.http.RouteTable;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** {@code /api/v1/admin/sessions}: who is signed in, and ending one session. */
public final class AdminSessionRoutes {

    private final SessionService sessions;
    private final AuditService audit;
    private final Authenticator auth;

    public AdminSessionRoutes(SessionService sessions, AuditService audit, Authenticator auth) {
        this.sessions = sessions;
        this.audit = audit;
        this.auth = auth;
    }

    public void mount(RouteTable routes) {
        routes.get("/api/v1/admin/sessions", auth.required(), auth.admin(), this::list);
        routes.delete("/api/v1/admin/sessions/:id", auth.required(), auth.admin(), this::revoke);
    }

    private void list(RoutingContext ctx) {
        String user = ctx.queryParams().get("user_id");
        UUID userId;
        try {
            userId = user == null || user.isBlank() ? null : UUID.fromString(user);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("user_id must be a UUID");
        }
        boolean all = "true".equals(ctx.queryParams().get("include_ended"));
        sessions.repository().list(userId, all, AdminPaging.request(ctx, 50, 500))
                .onSuccess(page -> Responses.json(ctx, 200, page.toJson()))
                .onFailure(ctx::fail);
    }

    private void revoke(RoutingContext ctx) {
        UUID id = Bodies.uuidParam(ctx, "id", "Session");
        var actor = AdminActor.of(ctx);
        sessions.revoke(id, "admin").compose(r -> {
            if (r.isEmpty()) {
                return Future.failedFuture(ApiException.notFound("Live session"));
            }
            return audit.record(AuditEvent.of("session.revoke", AuditEvent.Outcome.SUCCESS).actor(actor.id(), null)
                    .target("session", id).client(actor.client()).detail("user_id", r.get().userId()).build());
        }).onSuccess(v -> Responses.noContent(ctx)).onFailure(ctx::fail);
    }
}
