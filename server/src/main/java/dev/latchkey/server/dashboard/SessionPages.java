package dev.latchkey.server.dashboard;

import dev.latchkey.server.Services;
import dev.latchkey.server.audit.AuditEvent;
import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.ClientInfo;
import dev.latchkey.server.http.RouteTable;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /admin/sessions}: who is signed in (web, desktop, automation); end one session, or all of a user's.
 * Ending a session takes effect on the next request on every node ({@code SessionService}).
 */
final class SessionPages {

    static final List<String> KINDS = List.of("", "web", "client", "api");

    private final Services services;
    private final Pages pages;
    private final DashboardReads reads;
    private final Actions actions;
    private final DashboardService stats;

    SessionPages(Services services, Pages pages, DashboardReads reads, Actions actions, DashboardService stats) {
        this.services = services;
        this.pages = pages;
        this.reads = reads;
        this.actions = actions;
        this.stats = stats;
    }

    void mount(RouteTable routes) {
        actions.page(routes, "/admin/sessions", this::list);
        actions.form(routes, "/admin/sessions/:id/revoke", this::revoke);
        actions.form(routes, "/admin/users/:id/sessions/revoke", this::revokeAll);
    }

    private void list(RoutingContext ctx) {
        String kind = Forms.oneOf(ctx, "kind", KINDS);
        String q = Forms.query(ctx, "q");
        // The planner cannot follow sessions expiring; the overview's recount counts them.
        JsonObject recount = stats.recount();
        Long estimate = recount == null || recount.getJsonObject("sessions_unexpired") == null ? null : kind.isEmpty()
                ? recount.getJsonObject("sessions_unexpired").stream().mapToLong(e -> ((Number) e.getValue()).longValue()).sum()
                : recount.getJsonObject("sessions_unexpired").getLong(kind);
        reads.sessions(kind.isEmpty() ? null : kind, q, null, Paging.cursor(ctx), estimate).compose(page -> {
            Map<String, Object> m = new HashMap<>();
            m.put("sessions", Plain.list(page.items()));
            m.put("paging", Paging.of(ctx, page));
            m.put("kind", kind);
            m.put("kinds", KINDS);
            m.put("q", q == null ? "" : q);
            m.put("current", AdminGate.admin(ctx).sessionId().toString());
            return pages.render(ctx, "sessions", "sessions", m);
        }).onFailure(ctx::fail);
    }

    private void revoke(RoutingContext ctx) {
        UUID id = Forms.uuidParam(ctx, "id", "Session");
        AdminGate.Admin admin = AdminGate.admin(ctx);
        ClientInfo client = ClientInfo.of(ctx);
        actions.finish(ctx, services.sessions().revoke(id, "admin").compose(r -> {
            if (r.isEmpty()) {
                return Future.failedFuture(ApiException.notFound("Live session"));
            }
            return services.audit().record(AuditEvent.of("session.revoke", AuditEvent.Outcome.SUCCESS)
                    .actor(admin.userId(), admin.username()).target("session", id).client(client)
                    .detail("user_id", r.get().userId()).build());
        }), "flash.session_revoked", "/admin/sessions");
    }

    private void revokeAll(RoutingContext ctx) {
        UUID user = Forms.uuidParam(ctx, "id", "User");
        AdminGate.Admin admin = AdminGate.admin(ctx);
        ClientInfo client = ClientInfo.of(ctx);
        actions.finish(ctx, services.users().get(user).compose(u -> services.sessions().revokeAll(user, "admin"))
                .compose(ended -> services.audit().record(AuditEvent.of("session.revoke_all", AuditEvent.Outcome.SUCCESS)
                        .actor(admin.userId(), admin.username()).target("user", user).client(client)
                        .detail("sessions_ended", ended.size()).build())), "flash.sessions_revoked", "/admin/users/" + user);
    }
}
