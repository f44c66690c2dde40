package dev.latchkey.server.dashboard;

import dev.latchkey.server.Services;
import dev.latchkey.server.accounts.User;
import dev.latchkey.server.accounts.UserList;
import dev.latchkey.server.accounts.UserService;
import dev.latchkey.server.audit.AuditRepository;
import dev.latchkey.server.http.RouteTable;
import dev.latchkey.server.lists.ListPage;
import dev.latchkey.server.lists.PageRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /admin/users}: search, sort and page through accounts, create one; a user's page shows their
 * licenses, devices, sessions, HWID history and recent audit events, and changes role, device limit,
 * blocking and devices (through {@link UserService}, audited as through the REST API).
 */
final class UserPages {

    static final List<String> FILTERS = UserList.FILTERS;
    static final List<String> SORTS = List.of("created", "username", "last_login", "role");
    /** What the detail page shows of a user's licenses, devices and sessions (each newest first). */
    static final int DETAIL_ROWS = 200;

    private final Services services;
    private final Pages pages;
    private final DashboardReads reads;
    private final Actions actions;

    UserPages(Services services, Pages pages, DashboardReads reads, Actions actions) {
        this.services = services;
        this.pages = pages;
        this.reads = reads;
        this.actions = actions;
    }

    void mount(RouteTable routes) {
        actions.page(routes, "/admin/users", this::list);
        actions.form(routes, "/admin/users", this::create);
        actions.page(routes, "/admin/users/:id", this::detail);
        actions.form(routes, "/admin/users/:id", this::update);
        actions.form(routes, "/admin/users/:id/block", ctx -> block(ctx, true));
        actions.form(routes, "/admin/users/:id/unblock", ctx -> block(ctx, false));
        actions.form(routes, "/admin/users/:id/unflag", this::unflag);
        actions.form(routes, "/admin/users/:id/hwid-reset", this::resetHwid);
    }

    private void list(RoutingContext ctx) {
        String q = Forms.query(ctx, "q");
        String filter = Forms.oneOf(ctx, "filter", FILTERS);
        String sort = Forms.oneOf(ctx, "sort", SORTS);
        boolean asc = "asc".equals(Forms.query(ctx, "dir"));
        reads.users(q, filter, sort, asc, Paging.cursor(ctx)).compose(page -> {
            Map<String, Object> m = new HashMap<>();
            m.put("users", Plain.list(page.items()));
            m.put("paging", Paging.of(ctx, page));
            m.put("q", q == null ? "" : q);
            m.put("filter", filter);
            m.put("filters", FILTERS);
            m.put("sort", sort);
            m.put("dir", asc ? "asc" : "desc");
            Map<String, String> sortLinks = new HashMap<>();
            for (String s : SORTS) {
                boolean nextAsc = s.equals(sort) ? !asc : s.equals("username");
                Map<String, String> change = new HashMap<>();
                change.put("sort", s);
                change.put("dir", nextAsc ? "asc" : "desc");
                change.put("after", null);
                change.put("before", null);
                sortLinks.put(s, Paging.link(ctx, change));
            }
            m.put("sortLinks", sortLinks);
            m.put("roles", List.copyOf(new java.util.TreeSet<>(User.ROLES)));
            m.put("defaultMaxDevices", UserService.DEFAULT_MAX_DEVICES);
            return pages.render(ctx, "users", "users", m);
        }).onFailure(ctx::fail);
    }

    private void create(RoutingContext ctx) {
        UserService.NewUser request = UserService.newUser(Forms.field(ctx, "username"), ctx.request().getFormAttribute("password"),
                Forms.field(ctx, "email"), Forms.field(ctx, "role"), Forms.intField(ctx, "max_devices"));
        services.users().create(request, AdminGate.actor(ctx))
                .onSuccess(u -> actions.finish(ctx, Future.succeededFuture(u), "flash.user_created", "/admin/users/" + u.id()))
                .onFailure(ctx::fail);
    }

    private void detail(RoutingContext ctx) {
        UUID id = Forms.uuidParam(ctx, "id", "User");
        services.users().get(id).compose(user -> {
            PageRequest first = PageRequest.first(DETAIL_ROWS);
            Future<ListPage> licenses = services.licensing().licenseRepository().list(null, id, null, first);
            Future<Map<String, String>> products = reads.productNames();
            Future<ListPage> devices = reads.devices(null, "all", id, first, null);
            Future<ListPage> sessions = reads.sessions(null, null, id, first, null);
            Future<JsonArray> history = services.devices().repository().historyOf(id);
            Future<List<Object>> audit = recentAudit(id);
            return Future.all(List.of(licenses, products, devices, sessions, history, audit)).compose(x -> {
                Map<String, Object> m = new HashMap<>();
                m.put("user", Plain.map(user.toJson()));
                m.put("licenses", Plain.list(licenses.result().items()));
                m.put("products", products.result());
                m.put("devices", Plain.list(devices.result().items()));
                m.put("sessions", Plain.list(sessions.result().items()));
                m.put("history", Plain.list(history.result()));
                m.put("audit", audit.result());
                m.put("roles", List.copyOf(new java.util.TreeSet<>(User.ROLES)));
                m.put("self", id.equals(AdminGate.admin(ctx).userId()));
                return pages.render(ctx, "user", "users", m);
            });
        }).onFailure(ctx::fail);
    }

    /** The user's latest audit events, as actor or as target, newest first. */
    private Future<List<Object>> recentAudit(UUID id) {
        AuditRepository repo = services.auditRepository();
        Future<JsonArray> asActor = repo.latest(new AuditRepository.Filter(null, id.toString(), null, null, null, null), 25);
        Future<JsonArray> asTarget = repo.latest(new AuditRepository.Filter(null, null, id.toString(), null, null, null), 25);
        return Future.all(asActor, asTarget).map(x -> {
            Map<Long, JsonObject> byId = new HashMap<>();
            for (Future<JsonArray> f : List.of(asActor, asTarget)) {
                f.result().forEach(o -> byId.put(((JsonObject) o).getLong("id"), (JsonObject) o));
            }
            List<JsonObject> merged = new ArrayList<>(byId.values());
            // By time as an instant: ISO text drops trailing zeros of the fraction, so it does not sort as text.
            merged.sort(Comparator.comparing((JsonObject o) -> java.time.Instant.parse(o.getString("occurred_at")))
                    .thenComparing(o -> o.getLong("id")).reversed());
            List<Object> out = new ArrayList<>();
            merged.stream().limit(25).forEach(o -> out.add(Plain.map(o)));
            return out;
        });
    }

    private void update(RoutingContext ctx) {
        UUID id = Forms.uuidParam(ctx, "id", "User");
        UserService.Change change = UserService.Change.of(null, Forms.field(ctx, "role"), Forms.intField(ctx, "max_devices"),
                false, null, null);
        actions.finish(ctx, services.users().update(id, change, AdminGate.actor(ctx)), "flash.user_updated", "/admin/users/" + id);
    }

    private void block(RoutingContext ctx, boolean blocked) {
        UUID id = Forms.uuidParam(ctx, "id", "User");
        UserService.Change change = UserService.Change.of(blocked, null, null, false, null, null);
        actions.finish(ctx, services.users().update(id, change, AdminGate.actor(ctx)),
                blocked ? "flash.user_blocked" : "flash.user_unblocked", "/admin/users/" + id);
    }

    private void unflag(RoutingContext ctx) {
        UUID id = Forms.uuidParam(ctx, "id", "User");
        UserService.Change change = UserService.Change.of(null, null, null, false, null, false);
        actions.finish(ctx, services.users().update(id, change, AdminGate.actor(ctx)), "flash.user_unflagged", "/admin/users/" + id);
    }

    private void resetHwid(RoutingContext ctx) {
        UUID id = Forms.uuidParam(ctx, "id", "User");
        actions.finish(ctx, services.users().resetHwid(id, AdminGate.actor(ctx)), "flash.hwid_reset", "/admin/users/" + id);
    }
}
