package dev.latchkey.server.dashboard;

import dev.latchkey.server.Services;
import dev.latchkey.server.http.RouteTable;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /admin/files}: released files by product, version and channel; upload (streamed and encrypted by the
 * files feature while the page shows progress), yank or publish again, move to another channel, delete.
 * Changes go through the files feature's admin REST routes (see {@link ApiBridge}), so they are validated and
 * audited there; the list is read from its table.
 */
final class FilePages {

    static final List<String> STATUSES = List.of("", "published", "yanked");

    private final Services services;
    private final Pages pages;
    private final DashboardReads reads;
    private final AdminGate gate;
    private final Csrf csrf;
    private final PageErrors errors;
    private final Actions actions;
    private final ApiBridge bridge;

    FilePages(Services services, Pages pages, DashboardReads reads, AdminGate gate, Csrf csrf, PageErrors errors,
              Actions actions) {
        this.services = services;
        this.pages = pages;
        this.reads = reads;
        this.gate = gate;
        this.csrf = csrf;
        this.errors = errors;
        this.actions = actions;
        this.bridge = new ApiBridge(services);
    }

    void mount(RouteTable routes) {
        actions.page(routes, "/admin/files", this::list);
        bridged(routes, "/admin/files/upload", HttpMethod.POST, ctx -> "/api/v1/admin/files?" + nz(ctx.request().query()));
        bridged(routes, "/admin/files/:id/update", HttpMethod.PATCH, ctx -> "/api/v1/admin/files/" + id(ctx));
        bridged(routes, "/admin/files/:id/delete", HttpMethod.DELETE, ctx -> "/api/v1/admin/files/" + id(ctx));
    }

    /** Called from the page's script (JSON answers); the CSRF token comes in the {@value Csrf#HEADER} header. */
    private void bridged(RouteTable routes, String path, HttpMethod method, java.util.function.Function<RoutingContext, String> target) {
        routes.post(path, ApiBridge::pause, gate.authenticate(), csrf.require(), bridge.to(method, target))
                .failureHandler(errors::handle);
    }

    private static UUID id(RoutingContext ctx) {
        return Forms.uuidParam(ctx, "id", "File");
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private void list(RoutingContext ctx) {
        String status = Forms.oneOf(ctx, "status", STATUSES);
        UUID product = Forms.optionalUuid(Forms.query(ctx, "product"));
        String channel = Forms.query(ctx, "channel");
        Future<JsonObject> files = reads.files(product, status.isEmpty() ? null : status, channel, Paging.page(ctx));
        Future<Map<String, String>> products = reads.productNames();
        Future<JsonArray> channels = reads.fileChannels();
        Future.all(files, products, channels).compose(x -> {
            Map<String, Object> m = new HashMap<>();
            m.put("files", Plain.list(files.result().getJsonArray("items")));
            m.put("paging", Paging.of(ctx, files.result().getLong("total")));
            m.put("products", products.result());
            m.put("channels", Plain.list(channels.result()));
            m.put("status", status);
            m.put("statuses", STATUSES);
            m.put("product", product == null ? "" : product.toString());
            m.put("channel", channel == null ? "" : channel);
            m.put("maxUpload", services.config().files().maxUploadBytes());
            return pages.render(ctx, "files", "files", m);
        }).onFailure(ctx::fail);
    }
}
