package dev.latchkey.server.licensing;

import dev.latchkey.server.lists.KeyOrder;
import dev.latchkey.server.lists.ListQuery;
import dev.latchkey.server.lists.RowCounts;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * The licenses list (admin API, dashboard, a user's page), newest first, by product, owner and status. The status
 * is the effective one: an active license past its expiry is listed (and counted) as expired, as everywhere
 * else, although the job marks it so only within a minute. Totals without an owner come from the kept counters,
 * corrected by those past-due licenses (few, found through {@code licenses_expiry}).
 */
public final class LicenseList {

    public static final KeyOrder NEWEST = KeyOrder.of("created", KeyOrder.timestamp("l.created_at"), KeyOrder.uuid("l.id"));

    static final String SELECT = License.COLUMNS + ", (SELECT count(*) FROM activations a WHERE a.license_id = l.id) AS activations";
    public static final String PAST_DUE = "SELECT count(*) FROM licenses l WHERE l.status = 'active' AND l.expires_at <= now()";
    static final String PAST_DUE_OF_PRODUCT = PAST_DUE + " AND l.product_id = $1";

    private LicenseList() {
    }

    /** Licenses of {@code productId} and {@code userId} when given, in effective {@code status} when given. */
    static ListQuery query(UUID productId, UUID userId, String status, Pool pool, RowCounts counts) {
        ListQuery list = new ListQuery(SELECT, "licenses l", "l.id");
        if (productId != null) {
            list.where("l.product_id = ?", productId);
        }
        if (userId != null) {
            list.where("l.user_id = ?", userId);
        }
        if ("active".equals(status)) {
            list.where("l.status = 'active' AND (l.expires_at IS NULL OR l.expires_at > now())");
        } else if ("expired".equals(status)) {
            list.where("l.status = 'expired' OR (l.status = 'active' AND l.expires_at <= now())");
        } else if (status != null) {
            list.where("l.status = ?", status);
        }
        if (userId == null) {
            list.counted(() -> counted(productId, status, pool, counts));
        }
        return list;
    }

    private static Future<Long> counted(UUID productId, String status, Pool pool, RowCounts counts) {
        String prefix = productId == null ? "licenses" : "licenses.product." + productId;
        if (status == null) {
            return counts.get(prefix);
        }
        Future<Long> stored = counts.get(prefix + ".status." + status);
        if (!"active".equals(status) && !"expired".equals(status)) {
            return stored;
        }
        Future<Long> pastDue = (productId == null ? pool.preparedQuery(PAST_DUE).execute(Tuple.tuple())
                : pool.preparedQuery(PAST_DUE_OF_PRODUCT).execute(Tuple.of(productId))).map(rs -> rs.iterator().next().getLong(0));
        return Future.all(stored, pastDue).map(x -> "active".equals(status)
                ? stored.result() - pastDue.result() : stored.result() + pastDue.result());
    }
}
