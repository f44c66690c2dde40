package dev.latchkey.server.admin;

import dev.latchkey.server.http.Bodies;
import dev.latchkey.server.lists.PageRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The paging parameters of the admin lists: {@code limit}, and either {@code after} (the {@code next} cursor of
 * the previous answer) or {@code offset} (at most {@value PageRequest#MAX_OFFSET}).
 */
final class AdminPaging {

    private AdminPaging() {
    }

    static PageRequest request(RoutingContext ctx, int defaultLimit, int maxLimit) {
        return new PageRequest(Bodies.intQuery(ctx, "limit", defaultLimit, 1, maxLimit), ctx.queryParams().get("after"), null,
                Bodies.intQuery(ctx, "offset", 0, 0, Integer.MAX_VALUE));
    }
}
