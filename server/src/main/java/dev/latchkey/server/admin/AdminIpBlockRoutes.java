package dev.latchkey.server.admin;

import dev.latchkey.server.audit.AuditEvent;
import dev.latchkey.server.audit.AuditService;
import dev.latchkey.server.auth.Authenticator;
import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.Bodies;
import dev.latchkey.server.http.Responses;
import dev.latchkey.server.http.RouteTable;
import dev.latchkey.server.protection.BlocklistRepository;
import dev.latchkey.server.protection.Cidr;
import dev.latchkey.server.protection.IpBlocklist;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;

/** {@code /api/v1/admin/blocklist}: IP and CIDR blocks, manual and automatic; deleting one undoes it. */
public final class AdminIpBlockRoutes {

    private final BlocklistRepository repository;
    private final IpBlocklist blocklist;
    private final AuditService audit;
    private final Authenticator auth;

    public AdminIpBlockRoutes(BlocklistRepository repository, IpBlocklist blocklist, AuditService audit, Authenticator auth) {
        this.repository = repository;
        this.blocklist = blocklist;
        this.audit = audit;
        this.auth = auth;
    }

    public void mount(RouteTable routes) {
        routes.post("/api/v1/admin/blocklist", auth.required(), auth.admin(), this::add);
        routes.get("/api/v1/admin/blocklist", auth.required(), auth.admin(), this::list);
        routes.delete("/api/v1/admin/blocklist/:id", auth.required(), auth.admin(), this::remove);
    }

    private void add(RoutingContext ctx) {
        JsonObject b = Bodies.json(ctx);
        Cidr cidr;
        try {
            cidr = Cidr.parse(Bodies.requiredString(b, "cidr"));
        } catch (IllegalArgumentException e) {
            throw ApiException.validation(e.getMessage());
        }
        String reason = Bodies.string(b, "reason");
        if (reason != null && reason.length() > 200) {
            throw ApiException.validation("reason must be at most 200 characters");
        }
        OffsetDateTime expires = AdminLicenseRoutes.time(Bodies.string(b, "expires_at"), "expires_at");
        var actor = AdminActor.of(ctx);
        repository.insert(cidr, reason, false, expires, actor.id())
                .compose(e -> blocklist.announce().map(e))
                .compose(e -> audit.record(AuditEvent.of("ip.block", AuditEvent.Outcome.SUCCESS).actor(actor.id(), null)
                        .target("ip_block", e.id()).client(actor.client()).detail("cidr", e.cidr().text())
                        .detail("reason", reason).build()).map(e))
                .onSuccess(e -> Responses.json(ctx, 201, e.toJson())).onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        repository.live().onSuccess(list -> {
            JsonArray items = new JsonArray();
            list.forEach(e -> items.add(e.toJson()));
            Responses.json(ctx, 200, new JsonObject().put("items", items).put("total", list.size()));
        }).onFailure(ctx::fail);
    }

    private void remove(RoutingContext ctx) {
        var actor = AdminActor.of(ctx);
        repository.delete(Bodies.uuidParam(ctx, "id", "Block")).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(ApiException.notFound("Block"));
            }
            return blocklist.announce().compose(v -> audit.record(AuditEvent.of("ip.unblock", AuditEvent.Outcome.SUCCESS)
                    .actor(actor.id(), null).target("ip_block", found.get().id()).client(actor.client())
                    .detail("cidr", found.get().cidr().text()).detail("automatic", found.get().automatic()).build()));
        }).onSuccess(v -> Responses.noContent(ctx)).onFailure(ctx::fail);
    }
}
