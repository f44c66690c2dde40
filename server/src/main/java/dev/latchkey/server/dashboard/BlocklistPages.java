package dev.latchkey.server.dashboard;

import dev.latchkey.server.Services;
import dev.latchkey.server.audit.AuditEvent;
import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.ClientInfo;
import dev.latchkey.server.http.RouteTable;
import dev.latchkey.server.protection.BlocklistRepository;
import dev.latchkey.server.protection.Cidr;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /admin/blocklist}: blocked addresses and networks (manual, and automatic ones with their reason and
 * expiry), add and remove; blacklisted hardware fingerprints, remove. Changes are announced so every node
 * reloads its in-memory list, exactly as the REST API does.
 */
final class BlocklistPages {

    private final Services services;
    private final Pages pages;
    private final Actions actions;

    BlocklistPages(Services services, Pages pages, Actions actions) {
        this.services = services;
        this.pages = pages;
        this.actions = actions;
    }

    void mount(RouteTable routes) {
        actions.page(routes, "/admin/blocklist", this::list);
        actions.form(routes, "/admin/blocklist", this::add);
        actions.form(routes, "/admin/blocklist/:id/delete", this::remove);
        actions.form(routes, "/admin/hwid-blacklist/:id/delete", this::unblacklist);
    }

    private void list(RoutingContext ctx) {
        Future<List<BlocklistRepository.Entry>> blocks = services.protection().blocks().live();
        Future<JsonObject> hwids = services.deviceManagement().blacklisted();
        Future.all(blocks, hwids).compose(x -> {
            List<Object> manual = new ArrayList<>();
            List<Object> automatic = new ArrayList<>();
            blocks.result().forEach(e -> (e.automatic() ? automatic : manual).add(Plain.map(e.toJson())));
            Map<String, Object> m = new HashMap<>();
            m.put("manual", manual);
            m.put("automatic", automatic);
            m.put("hwids", Plain.list(hwids.result().getJsonArray("items")));
            return pages.render(ctx, "blocklist", "blocklist", m);
        }).onFailure(ctx::fail);
    }

    private void add(RoutingContext ctx) {
        Cidr cidr;
        try {
            cidr = Cidr.parse(Forms.field(ctx, "cidr"));
        } catch (IllegalArgumentException e) {
            throw ApiException.validation(e.getMessage());
        }
        byte[] own = Cidr.literal(ClientInfo.of(ctx).ip());
        if (own != null && cidr.contains(own)) {
            // Why: the block would apply to this very browser at once and lock the admin out of the dashboard.
            throw ApiException.validation("This would block your own address");
        }
        String reason = Forms.field(ctx, "reason");
        if (reason != null && reason.length() > 200) {
            throw ApiException.validation("reason must be at most 200 characters");
        }
        Integer hours = Forms.intField(ctx, "hours");
        if (hours != null && (hours < 1 || hours > 24 * 3650)) {
            throw ApiException.validation("hours must be between 1 and 87600");
        }
        OffsetDateTime expires = hours == null ? null : OffsetDateTime.now(ZoneOffset.UTC).plusHours(hours);
        AdminGate.Admin admin = AdminGate.admin(ctx);
        ClientInfo client = ClientInfo.of(ctx);
        var blocks = services.protection();
        actions.finish(ctx, blocks.blocks().insert(cidr, reason, false, expires, admin.userId())
                .compose(e -> blocks.blocklist().announce().map(e))
                .compose(e -> services.audit().record(AuditEvent.of("ip.block", AuditEvent.Outcome.SUCCESS)
                        .actor(admin.userId(), admin.username()).target("ip_block", e.id()).client(client)
                        .detail("cidr", e.cidr().text()).detail("reason", reason).build())), "flash.ip_blocked", "/admin/blocklist");
    }

    private void remove(RoutingContext ctx) {
        UUID id = Forms.uuidParam(ctx, "id", "Block");
        AdminGate.Admin admin = AdminGate.admin(ctx);
        ClientInfo client = ClientInfo.of(ctx);
        var p = services.protection();
        actions.finish(ctx, p.blocks().delete(id).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(ApiException.notFound("Block"));
            }
            return p.blocklist().announce().compose(v -> services.audit().record(AuditEvent.of("ip.unblock", AuditEvent.Outcome.SUCCESS)
                    .actor(admin.userId(), admin.username()).target("ip_block", id).client(client)
                    .detail("cidr", found.get().cidr().text()).detail("automatic", found.get().automatic()).build()));
        }), "flash.ip_unblocked", "/admin/blocklist");
    }

    private void unblacklist(RoutingContext ctx) {
        UUID id = Forms.uuidParam(ctx, "id", "Blacklist entry");
        actions.finish(ctx, services.deviceManagement().unblacklist(id, AdminGate.deviceActor(ctx)),
                "flash.hwid_unblacklisted", "/admin/blocklist");
    }
}
