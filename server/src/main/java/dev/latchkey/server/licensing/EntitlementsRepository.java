package dev.latchkey.server.licensing;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Loads {@link Entitlements} from PostgreSQL (on a cache miss only), each in one statement: a cold heartbeat
 * costs the database one round trip and one transaction, session check included.
 */
public final class EntitlementsRepository {

    /** The columns of one license as a device sees it; {@code $2} is the device. */
    private static final String LICENSE = "l.id, l.product_id, p.name, l.status, l.expires_at, l.duration_days, l.max_activations, "
            + "l.features, p.heartbeat_interval, p.grace_period, "
            + "(SELECT count(*) FROM activations a WHERE a.license_id = l.id) AS activations, "
            + "EXISTS (SELECT 1 FROM activations a WHERE a.license_id = l.id AND a.device_id = $2) AS here";

    /** A session's state, its user's block and its device's entitlements; no row when the session does not exist. */
    static final String OF_SESSION = "SELECT s.user_id, s.revoked_at IS NOT NULL AS revoked, s.expires_at AS session_expires_at, u.blocked, "
            + "coalesce(d.deactivated_at IS NULL, false) AS device_active, " + LICENSE
            + " FROM sessions s JOIN users u ON u.id = s.user_id"
            + " LEFT JOIN devices d ON d.id = s.device_id AND d.user_id = s.user_id"
            + " LEFT JOIN licenses l ON l.user_id = s.user_id LEFT JOIN products p ON p.id = l.product_id"
            + " WHERE s.id = $1 AND s.device_id IS NOT DISTINCT FROM $2 ORDER BY l.created_at, l.id";

    /** A user's entitlements on a device ({@code $2}, may be null); no row when the user does not exist. */
    static final String OF_DEVICE = "SELECT u.blocked, coalesce(d.deactivated_at IS NULL, false) AS device_active, " + LICENSE
            + " FROM users u LEFT JOIN devices d ON d.id = $2 AND d.user_id = u.id"
            + " LEFT JOIN licenses l ON l.user_id = u.id LEFT JOIN products p ON p.id = l.product_id"
            + " WHERE u.id = $1 ORDER BY l.created_at, l.id";

    private final Pool pool;

    public EntitlementsRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * What a session may do, as PostgreSQL says now.
     *
     * @param revoked   revoked by someone (sign-out, block, reset...)
     * @param expiresAt when the session ends unless refreshed
     */
    public record SessionView(UUID userId, boolean revoked, OffsetDateTime expiresAt, Entitlements entitlements) {

        /** Whether requests of this session may go on at {@code now}. */
        public boolean live(java.time.Instant now) {
            return !revoked && !entitlements.blocked() && expiresAt.toInstant().isAfter(now);
        }
    }

    /** Empty when no session {@code sessionId} exists for that device (null for a session without one). */
    public Future<Optional<SessionView>> ofSession(UUID sessionId, UUID deviceId) {
        return pool.preparedQuery(OF_SESSION).execute(Tuple.of(sessionId, deviceId)).map(rs -> {
            if (rs.size() == 0) {
                return Optional.empty();
            }
            Row first = rs.iterator().next();
            return Optional.of(new SessionView(first.getUUID("user_id"), first.getBoolean("revoked"),
                    first.getOffsetDateTime("session_expires_at"), entitlements(rs)));
        });
    }

    /** A user's entitlements on {@code deviceId} (null: no device); a user who does not exist is blocked and has none. */
    public Future<Entitlements> load(UUID userId, UUID deviceId) {
        return pool.preparedQuery(OF_DEVICE).execute(Tuple.of(userId, deviceId))
                .map(rs -> rs.size() == 0 ? new Entitlements(true, false, List.of()) : entitlements(rs));
    }

    private static Entitlements entitlements(RowSet<Row> rs) {
        List<Entitlements.Entry> licenses = new ArrayList<>();
        boolean blocked = true;
        boolean deviceActive = false;
        for (Row r : rs) {
            blocked = r.getBoolean("blocked");
            deviceActive = r.getBoolean("device_active");
            if (r.getUUID("id") != null) {
                licenses.add(entry(r));
            }
        }
        return new Entitlements(blocked, deviceActive, licenses);
    }

    private static Entitlements.Entry entry(Row r) {
        OffsetDateTime expires = r.getOffsetDateTime("expires_at");
        String[] features = r.getArrayOfStrings("features");
        return new Entitlements.Entry(r.getUUID("id"), r.getUUID("product_id"), r.getString("name"), r.getString("status"),
                expires == null ? null : expires.toEpochSecond(), r.getInteger("duration_days"), r.getInteger("max_activations"),
                r.getLong("activations").intValue(), r.getBoolean("here"),
                features == null ? List.of() : Arrays.asList(features), r.getInteger("heartbeat_interval"),
                r.getInteger("grace_period"));
    }
}
