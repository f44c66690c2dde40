package dev.latchkey.server.admin;

import dev.latchkey.server.auth.Authenticator;
import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.Bodies;
import dev.latchkey.server.http.Responses;
import dev.latchkey.server.http.RouteTable;
import dev.latchkey.server.licensing.LicenseService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/admin/licenses}: issue keys in batches (the only time full keys are shown, as
 * JSON or, with {@code Accept: text/csv}, CSV), filter, inspect activations, change.
 */
public final class AdminLicenseRoutes {

    private final LicenseService licenses;
    private final Authenticator auth;

    public AdminLicenseRoutes(LicenseService licenses, Authenticator auth) {
        this.licenses = licenses;
        this.auth = auth;
    }

    public void mount(RouteTable routes) {
        routes.post("/api/v1/admin/licenses", auth.required(), auth.admin(), this::issue);
        routes.get("/api/v1/admin/licenses", auth.required(), auth.admin(), this::list);
        routes.get("/api/v1/admin/licenses/:id", auth.required(), auth.admin(), this::get);
        routes.patch("/api/v1/admin/licenses/:id", auth.required(), auth.admin(), this::update);
    }

    private void issue(RoutingContext ctx) {
        JsonObject b = Bodies.json(ctx);
        String product = Bodies.requiredString(b, "product_id");
        Integer count = Bodies.integer(b, "count");
        Integer maxActivations = Bodies.integer(b, "max_activations");
        LicenseService.Batch batch = new LicenseService.Batch(uuid(product, "product_id"), count == null ? 1 : count,
                time(Bodies.string(b, "expires_at"), "expires_at"), Bodies.integer(b, "duration_days"),
                maxActivations == null ? 1 : maxActivations, strings(b.getValue("features")), Bodies.string(b, "note"));
        boolean csv = accepts(ctx, "text/csv");
        licenses.issue(batch, AdminActor.of(ctx)).onSuccess(issued -> {
            if (csv) {
                StringBuilder out = new StringBuilder("id,key,product_id,expires_at,duration_days,max_activations,features,note\r\n");
                Instant now = Instant.now();
                for (LicenseService.Issued i : issued) {
                    JsonObject l = i.license().toJson(now);
                    out.append(l.getString("id")).append(',').append(i.key()).append(',').append(l.getString("product_id")).append(',')
                            .append(nz(l.getString("expires_at"))).append(',').append(nz(l.getInteger("duration_days"))).append(',')
                            .append(l.getInteger("max_activations")).append(',')
                            .append(csvField(String.join(" ", i.license().features()))).append(',')
                            .append(csvField(nz(i.license().note()))).append("\r\n");
                }
                ctx.response().setStatusCode(201).putHeader("Content-Type", "text/csv; charset=utf-8")
                        .putHeader("Content-Disposition", "attachment; filename=\"licenses.csv\"")
                        .putHeader("Cache-Control", "no-store").end(out.toString());
            } else {
                JsonArray items = new JsonArray();
                Instant now = Instant.now();
                issued.forEach(i -> items.add(i.license().toJson(now).put("key", i.key())));
                Responses.json(ctx, 201, new JsonObject().put("licenses", items));
            }
        }).onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        var q = ctx.queryParams();
        licenses.list(optionalUuid(q.get("product_id"), "product_id"), optionalUuid(q.get("user_id"), "user_id"),
                        blank(q.get("status")) ? null : q.get("status"), AdminPaging.request(ctx, 100, 1000))
                .onSuccess(page -> Responses.json(ctx, 200, page.toJson())).onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        licenses.get(Bodies.uuidParam(ctx, "id", "License")).onSuccess(l -> Responses.json(ctx, 200, l)).onFailure(ctx::fail);
    }

    private void update(RoutingContext ctx) {
        JsonObject b = Bodies.json(ctx);
        LicenseService.Change change = new LicenseService.Change(Bodies.string(b, "status"), b.containsKey("expires_at"),
                time(Bodies.string(b, "expires_at"), "expires_at"), Bodies.integer(b, "max_activations"));
        licenses.update(Bodies.uuidParam(ctx, "id", "License"), change, AdminActor.of(ctx))
                .onSuccess(l -> Responses.json(ctx, 200, l.toJson(Instant.now()))).onFailure(ctx::fail);
    }

    static boolean accepts(RoutingContext ctx, String type) {
        String accept = ctx.request().getHeader("Accept");
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains(type);
    }

    private static String csvField(String s) {
        // Why: a leading = + - @ makes spreadsheets run the cell as a formula (CSV injection).
        String safe = !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }

    private static String nz(Object o) {
        return o == null ? "" : o.toString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static UUID uuid(String s, String field) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation(field + " must be a UUID");
        }
    }

    static UUID optionalUuid(String s, String field) {
        return blank(s) ? null : uuid(s.trim(), field);
    }

    static OffsetDateTime time(String raw, String field) {
        if (raw == null) {
            return null;
        }
        try {
            return OffsetDateTime.ofInstant(Instant.parse(raw), ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw ApiException.validation(field + " must be an ISO-8601 UTC time such as 2027-01-31T00:00:00Z");
        }
    }

    private static List<String> strings(Object raw) {
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof JsonArray a)) {
            throw ApiException.validation("features must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (Object o : a) {
            if (!(o instanceof String s)) {
                throw ApiException.validation("features must be an array of strings");
            }
            out.add(s);
        }
        return out;
    }
}
