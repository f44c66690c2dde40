package dev.latchkey.server.lists;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One page of a list. {@code total} is exact when {@code exact}, else the planner's estimate (at least the
 * number the list knows to be there). {@code next} and {@code prev} are cursors of the neighbouring pages, null
 * at either end.
 */
public record ListPage(JsonArray items, long total, boolean exact, String next, String prev) {

    /** The API's answer: {@code {"items":[...],"total":N,"total_exact":bool,"next":cursor|null}}. */
    public JsonObject toJson() {
        return new JsonObject().put("items", items).put("total", total).put("total_exact", exact).put("next", next);
    }
}
