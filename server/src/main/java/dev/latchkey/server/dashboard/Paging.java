package dev.latchkey.server.dashboard;

import dev.latchkey.server.lists.ListPage;
import dev.latchkey.server.lists.Lister;
import dev.latchkey.server.lists.PageRequest;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Paging of the dashboard's lists, keeping the list's other query parameters (filters, sort): by cursor for the
 * large lists (users, devices, licenses, sessions: {@code ?after=} / {@code ?before=}, a total that may be an
 * estimate), by page number for the small ones (files) and the audit log.
 */
final class Paging {

    static final int SIZE = 25;

    private Paging() {
    }

    /** The page asked for by {@code after} or {@code before}; the first page without either. */
    static PageRequest cursor(RoutingContext ctx) {
        return new PageRequest(SIZE, Forms.query(ctx, "after"), Forms.query(ctx, "before"), 0);
    }

    /**
     * The pager of a cursor list: the total (formatted, and whether it is exact), links to the next and previous
     * pages and, past the first page, back to it.
     */
    static Map<String, Object> of(RoutingContext ctx, ListPage page) {
        Map<String, Object> m = new HashMap<>();
        m.put("cursor", true);
        m.put("total", page.total());
        m.put("totalText", String.format(Locale.ROOT, "%,d", page.total()));
        m.put("exact", page.exact());
        m.put("exactUpTo", String.format(Locale.ROOT, "%,d", Lister.EXACT_UP_TO));
        m.put("shown", page.items().size());
        if (page.next() != null) {
            m.put("next", link(ctx, cursorChange("after", page.next())));
        }
        if (page.prev() != null) {
            m.put("prev", link(ctx, cursorChange("before", page.prev())));
        }
        if (Forms.query(ctx, "after") != null || Forms.query(ctx, "before") != null) {
            m.put("first", link(ctx, cursorChange(null, null)));
        }
        return m;
    }

    private static Map<String, String> cursorChange(String name, String cursor) {
        Map<String, String> m = new HashMap<>();
        m.put("after", null);
        m.put("before", null);
        m.put("page", null);
        if (name != null) {
            m.put(name, cursor);
        }
        return m;
    }

    static DashboardReads.Page page(RoutingContext ctx) {
        return DashboardReads.Page.of(Forms.page(ctx), SIZE);
    }

    static Map<String, Object> of(RoutingContext ctx, long total) {
        int page = Forms.page(ctx);
        long pages = Math.max(1, (total + SIZE - 1) / SIZE);
        Map<String, Object> m = new HashMap<>();
        m.put("page", page);
        m.put("pages", pages);
        m.put("total", total);
        m.put("from", total == 0 ? 0 : (long) (page - 1) * SIZE + 1);
        m.put("to", Math.min(total, (long) page * SIZE));
        if (page > 1) {
            m.put("prev", link(ctx, Map.of("page", String.valueOf(page - 1))));
        }
        if (page < pages) {
            m.put("next", link(ctx, Map.of("page", String.valueOf(page + 1))));
        }
        return m;
    }

    /** This list's address with some parameters replaced (a null value removes one). */
    static String link(RoutingContext ctx, Map<String, String> changes) {
        Map<String, String> params = new LinkedHashMap<>();
        ctx.queryParams().forEach(e -> params.putIfAbsent(e.getKey(), e.getValue()));
        changes.forEach((k, v) -> {
            if (v == null) {
                params.remove(k);
            } else {
                params.put(k, v);
            }
        });
        StringBuilder sb = new StringBuilder(ctx.request().path());
        char sep = '?';
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getValue() == null || e.getValue().isEmpty()) {
                continue;
            }
            sb.append(sep).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return sb.toString();
    }
}
