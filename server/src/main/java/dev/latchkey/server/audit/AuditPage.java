package dev.latchkey.server.audit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One page of an audit search.
 *
 * @param total      events matching the filter (the whole trail, not only this page)
 * @param totalExact whether {@code total} was counted; otherwise it is PostgreSQL's estimate, because
 *                   counting a large result would cost far more than the page itself
 * @param next       where the following (older) page starts, null when there is none
 * @param prev       where the preceding (newer) page ends, null on the first page
 */
public record AuditPage(JsonArray items, long total, boolean totalExact, AuditCursor next, AuditCursor prev) {

    public static AuditPage empty() {
        return new AuditPage(new JsonArray(), 0, true, null, null);
    }

    /** The API's answer: {@code {"items", "total", "total_exact", "next", "prev"}} (cursors as strings or null). */
    public JsonObject toJson() {
        return new JsonObject().put("items", items).put("total", total).put("total_exact", totalExact)
                .put("next", next == null ? null : next.encode()).put("prev", prev == null ? null : prev.encode());
    }
}
