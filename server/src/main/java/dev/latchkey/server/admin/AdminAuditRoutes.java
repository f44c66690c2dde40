package dev.latchkey.server.admin;

import dev.latchkey.server.audit.AuditCursor;
import dev.latchkey.server.audit.AuditRepository;
import dev.latchkey.server.auth.Authenticator;
import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.Bodies;
import dev.latchkey.server.http.Responses;
import dev.latchkey.server.http.RouteTable;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** {@code GET /api/v1/admin/audit}: the trail, newest first, filtered and paged. */
public final class AdminAuditRoutes {

    private final AuditRepository audit;
    private final Authenticator auth;

    public AdminAuditRoutes(AuditRepository audit, Authenticator auth) {
        this.audit = audit;
        this.auth = auth;
    }

    public void mount(RouteTable routes) {
        routes.get("/api/v1/admin/audit", auth.required(), auth.admin(), this::search);
    }

    /**
     * Pages with {@code limit}/{@code offset} as every list does, or with the cursors of an earlier answer:
     * {@code after=<next>} for older events, {@code before=<prev>} for newer ones. A cursor costs the same at
     * any depth; an offset costs as many rows as it skips.
     */
    private void search(RoutingContext ctx) {
        var q = ctx.queryParams();
        AuditRepository.Filter filter = new AuditRepository.Filter(blankToNull(q.get("action")), blankToNull(q.get("actor")),
                blankToNull(q.get("target")), blankToNull(q.get("ip")), time(q.get("since"), "since"), time(q.get("until"), "until"));
        AuditRepository.Slice slice = new AuditRepository.Slice(Bodies.intQuery(ctx, "limit", 100, 1, 1000),
                Bodies.intQuery(ctx, "offset", 0, 0, Integer.MAX_VALUE), AuditCursor.parse(q.get("after"), "after"),
                AuditCursor.parse(q.get("before"), "before"));
        audit.search(filter, slice).onSuccess(page -> Responses.json(ctx, 200, page.toJson())).onFailure(ctx::fail);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static OffsetDateTime time(String raw, String name) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.ofInstant(Instant.parse(raw.trim()), ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw ApiException.validation(name + " must be an ISO-8601 UTC time such as 2026-01-31T12:00:00Z");
        }
    }
}
