package dev.latchkey.server.dashboard;

import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Page numbers and links of a list, keeping the list's other query parameters (filters, sort). */
final class Paging {

    static final int SIZE = 25;

    private Paging() {
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
