package dev.latchkey.server.dashboard;

import dev.latchkey.server.Services;
import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.RouteTable;
import dev.latchkey.server.licensing.License;
import dev.latchkey.server.licensing.LicenseService;
import dev.latchkey.server.lists.ListPage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /admin/licenses}: issue a batch (the keys are shown once: as a CSV download right away, or on the
 * result page), filter by product and status, suspend, reinstate, revoke, extend, change seats, see
 * activations. All through {@link LicenseService}: audited, and heartbeats see the change at once.
 */
final class LicensePages {

    static final List<String> STATUSES = List.of("", "active", "suspended", "revoked", "expired");
    static final List<String> CSV_HEADER = List.of("id", "key", "product_id", "product", "expires_at", "duration_days",
            "max_activations", "features", "note");

    private final Services services;
    private final Pages pages;
    private final DashboardReads reads;
    private final Actions actions;

    LicensePages(Services services, Pages pages, DashboardReads reads, Actions actions) {
        this.services = services;
        this.pages = pages;
        this.reads = reads;
        this.actions = actions;
    }

    private LicenseService licenses() {
        return services.licensing().licenses();
    }

    void mount(RouteTable routes) {
        actions.page(routes, "/admin/licenses", this::list);
        actions.form(routes, "/admin/licenses", this::issue);
        actions.page(routes, "/admin/licenses/:id", this::detail);
        actions.form(routes, "/admin/licenses/:id/status", this::status);
        actions.form(routes, "/admin/licenses/:id/extend", this::extend);
        actions.form(routes, "/admin/licenses/:id/seats", this::seats);
    }

    private void list(RoutingContext ctx) {
        String status = Forms.oneOf(ctx, "status", STATUSES);
        UUID product = Forms.optionalUuid(Forms.query(ctx, "product"));
        Future<ListPage> found = licenses().list(product, null, status.isEmpty() ? null : status, Paging.cursor(ctx));
        Future<Map<String, String>> products = reads.productNames();
        Future.all(found, products).compose(x -> usernames(found.result().items()).compose(names -> {
            Map<String, Object> m = new HashMap<>();
            m.put("licenses", Plain.list(found.result().items()));
            m.put("usernames", names);
            m.put("products", products.result());
            m.put("paging", Paging.of(ctx, found.result()));
            m.put("status", status);
            m.put("statuses", STATUSES);
            m.put("product", product == null ? "" : product.toString());
            m.put("maxBatch", LicenseService.MAX_BATCH);
            return pages.render(ctx, "licenses", "licenses", m);
        })).onFailure(ctx::fail);
    }

    private Future<Map<String, String>> usernames(JsonArray licenses) {
        Set<UUID> ids = new HashSet<>();
        licenses.forEach(o -> {
            String u = ((JsonObject) o).getString("user_id");
            if (u != null) {
                ids.add(UUID.fromString(u));
            }
        });
        return reads.usernames(ids).map(found -> {
            Map<String, String> m = new HashMap<>();
            found.forEach((k, v) -> m.put(k.toString(), v));
            return m;
        });
    }

    /** Reads the batch form; the keys come back as CSV ({@code Accept: text/csv}, the page's script) or as a page. */
    private void issue(RoutingContext ctx) {
        String product = Forms.field(ctx, "product_id");
        if (product == null) {
            throw ApiException.validation("product_id is required");
        }
        UUID productId = Forms.optionalUuid(product);
        if (productId == null) {
            throw ApiException.validation("product_id must be a UUID");
        }
        Integer count = Forms.intField(ctx, "count");
        Integer maxActivations = Forms.intField(ctx, "max_activations");
        String mode = Forms.field(ctx, "expiry");
        OffsetDateTime expiresAt = "date".equals(mode) ? expiry(Forms.field(ctx, "expires_at"), Forms.field(ctx, "expires_on")) : null;
        Integer days = "duration".equals(mode) ? Forms.intField(ctx, "duration_days") : null;
        if ("duration".equals(mode) && days == null) {
            throw ApiException.validation("duration_days is required");
        }
        LicenseService.Batch batch = new LicenseService.Batch(productId, count == null ? 1 : count, expiresAt, days,
                maxActivations == null ? 1 : maxActivations, features(Forms.field(ctx, "features")), Forms.field(ctx, "note"));
        boolean csv = accepts(ctx, "text/csv");
        Future<String> productName = services.licensing().products().get(productId).map(p -> p.name());
        productName.compose(name -> licenses().issue(batch, AdminGate.actor(ctx)).compose(issued -> {
            if (csv) {
                csv(issued, name).send(ctx, 201, "licenses-" + Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()
                        .replace(":", "").replace("-", "") + ".csv");
                return Future.succeededFuture();
            }
            List<Object> rows = new ArrayList<>();
            issued.forEach(i -> rows.add(Plain.map(i.license().toJson(Instant.now()).put("key", i.key()))));
            return pages.render(ctx, "license-batch", "licenses", Map.of("issued", rows, "productName", name,
                    "csv", csv(issued, name).toString()));
        })).onFailure(ctx::fail);
    }

    static Csv csv(List<LicenseService.Issued> issued, String productName) {
        Csv out = new Csv().row(CSV_HEADER);
        Instant now = Instant.now();
        for (LicenseService.Issued i : issued) {
            JsonObject l = i.license().toJson(now);
            out.row(Arrays.asList(l.getString("id"), i.key(), l.getString("product_id"), productName, l.getString("expires_at"),
                    l.getInteger("duration_days"), l.getInteger("max_activations"), String.join(" ", i.license().features()),
                    i.license().note()));
        }
        return out;
    }

    /** The page's script sends the end of the chosen day in the admin's time zone; without it, the day ends in UTC. */
    static OffsetDateTime expiry(String instant, String date) {
        try {
            if (instant != null) {
                return OffsetDateTime.ofInstant(Instant.parse(instant), ZoneOffset.UTC);
            }
            if (date != null) {
                return LocalDate.parse(date).atTime(23, 59, 59).atOffset(ZoneOffset.UTC);
            }
        } catch (DateTimeParseException e) {
            throw ApiException.validation("expires_at must be a date");
        }
        throw ApiException.validation("expires_at is required");
    }

    static List<String> features(String raw) {
        if (raw == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String f : raw.split("[,\\s]+")) {
            if (!f.isBlank()) {
                out.add(f.trim());
            }
        }
        return out;
    }

    static boolean accepts(RoutingContext ctx, String type) {
        String accept = ctx.request().getHeader("Accept");
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains(type);
    }

    private void detail(RoutingContext ctx) {
        UUID id = Forms.uuidParam(ctx, "id", "License");
        licenses().get(id).compose(l -> {
            Set<UUID> users = new HashSet<>();
            if (l.getString("user_id") != null) {
                users.add(UUID.fromString(l.getString("user_id")));
            }
            l.getJsonArray("activations").forEach(a -> users.add(UUID.fromString(((JsonObject) a).getString("user_id"))));
            Future<Map<UUID, String>> names = reads.usernames(users);
            Future<Map<String, String>> products = reads.productNames();
            return Future.all(names, products).compose(x -> {
                Map<String, String> byId = new HashMap<>();
                names.result().forEach((k, v) -> byId.put(k.toString(), v));
                return pages.render(ctx, "license", "licenses", Map.of("license", Plain.map(l), "usernames", byId,
                        "productName", products.result().getOrDefault(l.getString("product_id"), "")));
            });
        }).onFailure(ctx::fail);
    }

    private void status(RoutingContext ctx) {
        UUID id = Forms.uuidParam(ctx, "id", "License");
        String status = Forms.field(ctx, "status");
        String key = switch (status == null ? "" : status) {
            case "suspended" -> "flash.license_suspended";
            case "revoked" -> "flash.license_revoked";
            case "active" -> "flash.license_reinstated";
            default -> throw ApiException.validation("status must be active, suspended or revoked");
        };
        actions.finish(ctx, licenses().update(id, new LicenseService.Change(status, false, null, null), AdminGate.actor(ctx)),
                key, "/admin/licenses/" + id);
    }

    /** Adds days to the expiry (from now when it has passed or there is none), or sets a date. */
    private void extend(RoutingContext ctx) {
        UUID id = Forms.uuidParam(ctx, "id", "License");
        Integer days = Forms.intField(ctx, "days");
        String date = Forms.field(ctx, "expires_on");
        String instant = Forms.field(ctx, "expires_at");
        Future<License> current = services.licensing().licenseRepository().find(id)
                .map(l -> l.orElseThrow(() -> ApiException.notFound("License")));
        actions.finish(ctx, current.compose(l -> {
            OffsetDateTime until;
            if (days != null) {
                if (days < 1 || days > 36500) {
                    throw ApiException.validation("days must be between 1 and 36500");
                }
                OffsetDateTime from = l.expiresAt() != null && l.expiresAt().toInstant().isAfter(Instant.now())
                        ? l.expiresAt() : OffsetDateTime.now(ZoneOffset.UTC);
                until = from.plusDays(days);
            } else {
                until = expiry(instant, date);
            }
            return licenses().update(id, new LicenseService.Change(null, true, until, null), AdminGate.actor(ctx));
        }), "flash.license_extended", "/admin/licenses/" + id);
    }

    private void seats(RoutingContext ctx) {
        UUID id = Forms.uuidParam(ctx, "id", "License");
        Integer seats = Forms.intField(ctx, "max_activations");
        if (seats == null) {
            throw ApiException.validation("max_activations is required");
        }
        actions.finish(ctx, licenses().update(id, new LicenseService.Change(null, false, null, seats), AdminGate.actor(ctx)),
                "flash.license_updated", "/admin/licenses/" + id);
    }
}
