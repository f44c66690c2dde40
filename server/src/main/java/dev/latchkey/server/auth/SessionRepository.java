package dev.latchkey.server.auth;

import dev.latchkey.server.lists.ListPage;
import dev.latchkey.server.lists.ListQuery;
import dev.latchkey.server.lists.Lister;
import dev.latchkey.server.lists.PageRequest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Sessions and refresh tokens in PostgreSQL (the truth; Redis only caches it). */
public final class SessionRepository {

    private final Pool pool;
    private final Lister lister;

    public SessionRepository(Pool pool) {
        this.pool = pool;
        this.lister = new Lister(pool);
    }

    public Pool pool() {
        return pool;
    }

    /** What decides whether a session may be used; also what the cache remembers. */
    public record SessionState(UUID sessionId, UUID userId, String kind, UUID deviceId, boolean revoked, Instant expiresAt,
                               Instant lastSeenAt, boolean userBlocked, String role) {
        public boolean live(Instant now) {
            return !revoked && !userBlocked && expiresAt.isAfter(now);
        }
    }

    /** A revoked session: its id, owner and (web sessions) cookie hash, so caches can be cleared. */
    public record Revoked(UUID sessionId, UUID userId, byte[] tokenHash) {
    }

    public Future<Void> insert(SqlClient client, UUID id, UUID userId, String kind, byte[] tokenHash, UUID deviceId,
                               String ip, String userAgent, Instant expiresAt) {
        return client.preparedQuery(SessionSql.INSERT)
                .execute(Tuple.from(new Object[] {id, userId, kind, tokenHash == null ? null : Buffer.buffer(tokenHash),
                    deviceId, ip, userAgent, utc(expiresAt)}))
                .mapEmpty();
    }

    public Future<Optional<SessionState>> state(UUID sessionId) {
        return state(pool, sessionId);
    }

    public Future<Optional<SessionState>> state(SqlClient client, UUID sessionId) {
        return client.preparedQuery(SessionSql.STATE).execute(Tuple.of(sessionId)).map(rs -> {
            if (rs.size() == 0) {
                return Optional.empty();
            }
            Row r = rs.iterator().next();
            return Optional.of(new SessionState(sessionId, r.getUUID("user_id"), r.getString("kind"), r.getUUID("device_id"),
                    r.getOffsetDateTime("revoked_at") != null, r.getOffsetDateTime("expires_at").toInstant(),
                    r.getOffsetDateTime("last_seen_at").toInstant(), r.getBoolean("blocked"), r.getString("role")));
        });
    }

    public Future<Optional<SessionState>> webByTokenHash(byte[] hash) {
        return pool.preparedQuery(SessionSql.WEB_BY_HASH).execute(Tuple.of(Buffer.buffer(hash))).map(rs -> {
            if (rs.size() == 0) {
                return Optional.empty();
            }
            Row r = rs.iterator().next();
            return Optional.of(new SessionState(r.getUUID("id"), r.getUUID("user_id"), "web", null,
                    r.getOffsetDateTime("revoked_at") != null, r.getOffsetDateTime("expires_at").toInstant(),
                    r.getOffsetDateTime("last_seen_at").toInstant(), r.getBoolean("blocked"), r.getString("role")));
        });
    }

    /** Records use, at most once a minute per session (the idle clock of web sessions). */
    public Future<Void> touch(UUID sessionId) {
        return pool.preparedQuery(SessionSql.TOUCH).execute(Tuple.of(sessionId)).mapEmpty();
    }

    public Future<Void> extend(SqlClient client, UUID sessionId, Instant expiresAt) {
        return client.preparedQuery(SessionSql.EXTEND).execute(Tuple.of(sessionId, utc(expiresAt))).mapEmpty();
    }

    public Future<Optional<Revoked>> revoke(UUID sessionId, String reason) {
        return pool.preparedQuery(SessionSql.REVOKE).execute(Tuple.of(sessionId, reason))
                .map(rs -> revokedRows(rs).stream().findFirst());
    }

    public Future<List<Revoked>> revokeAllOfUser(UUID userId, String reason) {
        return pool.preparedQuery(SessionSql.REVOKE_ALL).execute(Tuple.of(userId, reason)).map(SessionRepository::revokedRows);
    }

    public Future<List<Revoked>> revokeDevices(List<UUID> deviceIds, String reason) {
        return pool.preparedQuery(SessionSql.REVOKE_DEVICES).execute(Tuple.of(deviceIds.toArray(new UUID[0]), reason))
                .map(SessionRepository::revokedRows);
    }

    private static List<Revoked> revokedRows(RowSet<Row> rs) {
        List<Revoked> out = new ArrayList<>();
        rs.forEach(r -> {
            Buffer hash = r.getBuffer("token_hash");
            out.add(new Revoked(r.getUUID("id"), r.getUUID("user_id"), hash == null ? null : hash.getBytes()));
        });
        return out;
    }

    public Future<Void> insertRefresh(SqlClient client, byte[] hash, UUID sessionId, Instant expiresAt) {
        return client.preparedQuery(SessionSql.INSERT_REFRESH)
                .execute(Tuple.of(Buffer.buffer(hash), sessionId, utc(expiresAt))).mapEmpty();
    }

    /** Spends an unspent, unexpired refresh token; empty when it is not such a token. */
    public Future<Optional<UUID>> spendRefresh(SqlClient client, byte[] hash) {
        return client.preparedQuery(SessionSql.SPEND_REFRESH).execute(Tuple.of(Buffer.buffer(hash)))
                .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(rs.iterator().next().getUUID(0)));
    }

    public record RefreshRecord(UUID sessionId, boolean spent, Instant expiresAt) {
    }

    public Future<Optional<RefreshRecord>> findRefresh(byte[] hash) {
        return pool.preparedQuery(SessionSql.FIND_REFRESH).execute(Tuple.of(Buffer.buffer(hash))).map(rs -> {
            if (rs.size() == 0) {
                return Optional.empty();
            }
            Row r = rs.iterator().next();
            return Optional.of(new RefreshRecord(r.getUUID("session_id"), r.getOffsetDateTime("spent_at") != null,
                    r.getOffsetDateTime("expires_at").toInstant()));
        });
    }

    /** Sessions (of one user when given), live ones only unless {@code includeEnded}, newest first. */
    public Future<ListPage> list(UUID userId, boolean includeEnded, PageRequest page) {
        return lister.page(listQuery(userId, includeEnded), SessionList.NEWEST, true, page, r -> new JsonObject()
                        .put("id", r.getUUID("id").toString())
                        .put("user_id", r.getUUID("user_id").toString())
                        .put("username", r.getString("username"))
                        .put("kind", r.getString("kind"))
                        .put("device_id", r.getUUID("device_id") == null ? null : r.getUUID("device_id").toString())
                        .put("ip", r.getString("ip"))
                        .put("user_agent", r.getString("user_agent"))
                        .put("created_at", iso(r.getOffsetDateTime("created_at")))
                        .put("last_seen_at", iso(r.getOffsetDateTime("last_seen_at")))
                        .put("expires_at", iso(r.getOffsetDateTime("expires_at")))
                        .put("revoked_at", iso(r.getOffsetDateTime("revoked_at")))
                        .put("revoked_reason", r.getString("revoked_reason")));
    }

    static ListQuery listQuery(UUID userId, boolean includeEnded) {
        return SessionList.query(SessionSql.LIST_COLUMNS, "sessions s JOIN users u ON u.id = s.user_id", includeEnded, null, userId, null);
    }

    static OffsetDateTime utc(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    static String iso(OffsetDateTime t) {
        return t == null ? null : t.toInstant().toString();
    }
}
