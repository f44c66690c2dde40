package dev.latchkey.server.dashboard;

import dev.latchkey.server.Services;
import dev.latchkey.server.audit.AuditCursor;
import dev.latchkey.server.audit.AuditPage;
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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /admin/audit}: the audit trail filtered by actor (username or id), action (or its prefix), target,
 * address and time range, newest first, paged by cursor; {@code /admin/audit.csv} exports the same filter
 * (its newest {@value #EXPORT_LIMIT} events).
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

    private static AuditRepository.Filter filter(Query q) {
        return new AuditRepository.Filter(q.action(), q.actor(), q.target(), q.ip(), time(q.since(), "since"), time(q.until(), "until"));
    }

    /** One page of {@value Paging#SIZE} events; "older" and "newer" move by cursor, so any page costs the same as the first. */
    private void list(RoutingContext ctx) {
        Query q = Query.of(ctx);
        AuditRepository.Slice slice = new AuditRepository.Slice(Paging.SIZE, 0, AuditCursor.parse(Forms.query(ctx, "after"), "after"),
                AuditCursor.parse(Forms.query(ctx, "before"), "before"));
        services.auditRepository().search(filter(q), slice).compose(found ->
                names(found.items()).compose(names -> {
                    Map<String, Object> m = new HashMap<>();
                    m.put("events", withDetailsText(found.items()));
                    m.put("names", names);
                    m.put("paging", paging(ctx, found));
                    m.put("query", Map.of("action", nz(q.action()), "actor", nz(q.actor()), "target", nz(q.target()),
                            "ip", nz(q.ip()), "since", nz(q.since()), "until", nz(q.until())));
                    m.put("csvLink", Paging.link(ctx, cursorsRemoved()).replaceFirst("^/admin/audit", "/admin/audit.csv"));
                    return pages.render(ctx, "audit", "audit", m);
                })).onFailure(ctx::fail);
    }

    /** The total (counted, or PostgreSQL's estimate when counting would cost more than the page) and the cursor links. */
    static Map<String, Object> paging(RoutingContext ctx, AuditPage page) {
        Map<String, Object> m = new HashMap<>();
        m.put("shown", page.items().size());
        m.put("total", String.format(Locale.ROOT, "%,d", page.total()));
        m.put("exact", page.totalExact());
        if (page.next() != null) {
            m.put("older", Paging.link(ctx, cursor("after", page.next())));
        }
        if (page.prev() != null) {
            m.put("newer", Paging.link(ctx, cursor("before", page.prev())));
        }
        if (Forms.query(ctx, "after") != null || Forms.query(ctx, "before") != null) {
            m.put("newest", Paging.link(ctx, cursorsRemoved()));
        }
        return m;
    }

    private static Map<String, String> cursor(String name, AuditCursor at) {
        Map<String, String> change = cursorsRemoved();
        change.put(name, at.encode());
        return change;
    }

    /** Parameter changes that drop both cursors (null removes a parameter, so no Map.of). */
    private static Map<String, String> cursorsRemoved() {
        Map<String, String> change = new HashMap<>();
        change.put("after", null);
        change.put("before", null);
        return change;
    }

    private void export(RoutingContext ctx) {
        services.auditRepository().latest(filter(Query.of(ctx)), EXPORT_LIMIT).compose(items ->
                names(items).map(names -> {
                    Csv csv = new Csv().row(CSV_HEADER);
                    items.forEach(o -> {
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
