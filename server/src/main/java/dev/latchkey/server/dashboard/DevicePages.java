package dev.latchkey.server.dashboard;

import dev.latchkey.server.Services;
import dev.latchkey.server.devices.DeviceList;
import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.RouteTable;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code /admin/devices}: every bound machine, online state and last contact; deactivate one, blacklist its fingerprint. */
final class DevicePages {

    static final List<String> STATES = DeviceList.STATES;

    private final Services services;
    private final Pages pages;
    private final DashboardReads reads;
    private final Actions actions;
    private final DashboardService stats;

    DevicePages(Services services, Pages pages, DashboardReads reads, Actions actions, DashboardService stats) {
        this.services = services;
        this.pages = pages;
        this.reads = reads;
        this.actions = actions;
        this.stats = stats;
    }

    void mount(RouteTable routes) {
        actions.page(routes, "/admin/devices", this::list);
        actions.form(routes, "/admin/devices/:id/deactivate", this::deactivate);
        actions.form(routes, "/admin/devices/:id/blacklist", this::blacklist);
    }

    private void list(RoutingContext ctx) {
        String q = Forms.query(ctx, "q");
        String state = Forms.oneOf(ctx, "state", STATES);
        // The planner cannot follow "seen in the last ten minutes"; the overview's recount can.
        JsonObject recount = "online".equals(state) ? stats.recount() : null;
        Long estimate = recount == null ? null : recount.getLong("devices_online");
        reads.devices(q, state, null, Paging.cursor(ctx), estimate).compose(page -> {
            Map<String, Object> m = new HashMap<>();
            m.put("devices", Plain.list(page.items()));
            m.put("paging", Paging.of(ctx, page));
            m.put("q", q == null ? "" : q);
            m.put("state", state);
            m.put("states", STATES);
            return pages.render(ctx, "devices", "devices", m);
        }).onFailure(ctx::fail);
    }

    private void deactivate(RoutingContext ctx) {
        UUID id = Forms.uuidParam(ctx, "id", "Device");
        actions.finish(ctx, services.deviceManagement().deactivate(id, AdminGate.deviceActor(ctx)),
                "flash.device_deactivated", "/admin/devices");
    }

    private void blacklist(RoutingContext ctx) {
        UUID id = Forms.uuidParam(ctx, "id", "Device");
        String reason = Forms.field(ctx, "reason");
        if (reason != null && reason.length() > 200) {
            throw ApiException.validation("reason must be at most 200 characters");
        }
        var dm = services.deviceManagement();
        actions.finish(ctx, dm.fingerprintOf(id).compose(f -> dm.blacklist(f, reason, AdminGate.deviceActor(ctx))),
                "flash.device_blacklisted", "/admin/devices");
    }
}
