package dev.latchkey.server.dashboard;

import dev.latchkey.server.Services;
import dev.latchkey.server.audit.AuditRepository;
import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.RouteTable;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /admin/audit}: the audit trail filtered by actor (username or id), action (or its prefix), target,
 * address and time range, newest first, paged; {@code /admin/audit.csv} exports the same filter.
 */
final class AuditPages {

    static final int EXPORT_LIMIT = 10_000;
    static final List<String> CSV_HEADER = List.of("occurred_at", "action", "outcome", "actor_id", "actor", "target_type",
            "target_id", "ip", "user_agent", "details");

    private final Services services;
    private final Pages pages;
    private final DashboardReads reads;
    private final Actions actions;

    AuditPages(Services services, Pages pages, DashboardReads reads, Actions actions) {
        this.services = services;
        this.pages = pages;
        this.reads = reads;
        this.actions = actions;
    }

    void mount(RouteTable routes) {
        actions.page(routes, "/admin/audit", this::list);
        actions.page(routes, "/admin/audit.csv", this::export);
    }

    private record Query(String action, String actor, String target, String ip, String since, String until) {
        static Query of(RoutingContext ctx) {
            return new Query(Forms.query(ctx, "action"), Forms.query(ctx, "actor"), Forms.query(ctx, "target"),
                    Forms.query(ctx, "ip"), Forms.query(ctx, "since"), Forms.query(ctx, "until"));
        }
    }

    /** A username is looked up, so events that name the actor only by id (admin actions) are found too. */
    private Future<AuditRepository.Filter> filter(Query q, int limit, int offset) {
        OffsetDateTime since = time(q.since(), "since");
        OffsetDateTime until = time(q.until(), "until");
        Future<String> actor = q.actor() == null || Forms.optionalUuid(q.actor()) != null ? Future.succeededFuture(q.actor())
                : reads.userIdByName(q.actor()).map(id -> id == null ? q.actor() : id.toString());
        return actor.map(a -> new AuditRepository.Filter(q.action(), a, q.target(), q.ip(), since, until, limit, offset));
    }

    private void list(RoutingContext ctx) {
        Query q = Query.of(ctx);
        DashboardReads.Page page = Paging.page(ctx);
        filter(q, page.limit(), page.offset()).compose(f -> services.auditRepository().search(f)).compose(found ->
                names(found.getJsonArray("items")).compose(names -> {
                    Map<String, Object> m = new HashMap<>();
                    m.put("events", withDetailsText(found.getJsonArray("items")));
                    m.put("names", names);
                    m.put("paging", Paging.of(ctx, found.getLong("total")));
                    m.put("query", Map.of("action", nz(q.action()), "actor", nz(q.actor()), "target", nz(q.target()),
                            "ip", nz(q.ip()), "since", nz(q.since()), "until", nz(q.until())));
                    m.put("csvLink", Paging.link(ctx, Map.of("page", "")).replaceFirst("^/admin/audit", "/admin/audit.csv"));
                    return pages.render(ctx, "audit", "audit", m);
                })).onFailure(ctx::fail);
    }

    private void export(RoutingContext ctx) {
        filter(Query.of(ctx), EXPORT_LIMIT, 0).compose(f -> services.auditRepository().search(f)).compose(found ->
                names(found.getJsonArray("items")).map(names -> {
                    Csv csv = new Csv().row(CSV_HEADER);
                    found.getJsonArray("items").forEach(o -> {
                        JsonObject e = (JsonObject) o;
                        String actor = e.getString("actor_name") != null ? e.getString("actor_name")
                                : names.get(e.getString("actor_id"));
                        csv.row(Arrays.asList(e.getString("occurred_at"), e.getString("action"), e.getString("outcome"),
                                e.getString("actor_id"), actor, e.getString("target_type"), e.getString("target_id"),
                                e.getString("ip"), e.getString("user_agent"),
                                e.getJsonObject("details") == null ? "" : e.getJsonObject("details").encode()));
                    });
                    return csv;
                })).onSuccess(csv -> csv.send(ctx, 200, "audit-" + Instant.now().getEpochSecond() + ".csv")).onFailure(ctx::fail);
    }

    private Future<Map<String, String>> names(JsonArray events) {
        Set<UUID> ids = new HashSet<>();
        events.forEach(o -> {
            JsonObject e = (JsonObject) o;
            if (e.getString("actor_name") == null && e.getString("actor_id") != null) {
                ids.add(UUID.fromString(e.getString("actor_id")));
            }
        });
        return reads.usernames(ids).map(found -> {
            Map<String, String> m = new HashMap<>();
            found.forEach((k, v) -> m.put(k.toString(), v));
            return m;
        });
    }

    /** Events for the table, each with its details as one line of JSON (shown as text, escaped). */
    static java.util.List<Object> withDetailsText(JsonArray events) {
        java.util.List<Object> out = new java.util.ArrayList<>();
        events.forEach(o -> {
            JsonObject e = (JsonObject) o;
            JsonObject d = e.getJsonObject("details");
            out.add(Plain.map(e.copy().put("details_text", d == null || d.isEmpty() ? "" : d.encode())));
        });
        return out;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** An ISO-8601 instant (the page's script converts the admin's local time), or a local time read as UTC. */
    static OffsetDateTime time(String raw, String name) {
        if (raw == null) {
            return null;
        }
        try {
            return OffsetDateTime.ofInstant(Instant.parse(raw), ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(raw).atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw ApiException.validation(name + " must be a date and time");
            }
        }
    }
}
