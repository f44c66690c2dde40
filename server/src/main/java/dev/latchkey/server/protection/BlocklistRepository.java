package dev.latchkey.server.protection;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

public final class BlocklistRepository {

    static final String COLUMNS = "id, cidr::text AS cidr, reason, automatic, expires_at, created_by, created_at";
    private static final String INSERT = "INSERT INTO ip_blocks (id, cidr, reason, automatic, expires_at, created_by) "
            + "VALUES ($1, ($2::text)::cidr, $3, $4, $5, $6) RETURNING " + COLUMNS;
    static final String LIVE = "SELECT " + COLUMNS + " FROM ip_blocks WHERE expires_at IS NULL OR expires_at > now() "
            + "ORDER BY created_at DESC";
    private static final String DELETE = "DELETE FROM ip_blocks WHERE id = $1 RETURNING " + COLUMNS;

    public record Entry(UUID id, Cidr cidr, String reason, boolean automatic, OffsetDateTime expiresAt, UUID createdBy,
                        OffsetDateTime createdAt) {
        public JsonObject toJson() {
            return new JsonObject().put("id", id.toString()).put("cidr", cidr.text()).put("reason", reason)
                    .put("automatic", automatic).put("expires_at", expiresAt == null ? null : expiresAt.toInstant().toString())
                    .put("created_by", createdBy == null ? null : createdBy.toString())
                    .put("created_at", createdAt.toInstant().toString());
        }
    }

    private final Pool pool;

    public BlocklistRepository(Pool pool) {
        this.pool = pool;
    }

    public Future<Entry> insert(Cidr cidr, String reason, boolean automatic, OffsetDateTime expiresAt, UUID createdBy) {
        return pool.preparedQuery(INSERT)
                .execute(Tuple.from(new Object[] {UUID.randomUUID(), cidr.text(), reason, automatic, expiresAt, createdBy}))
                .map(rs -> entry(rs.iterator().next()));
    }

    public Future<List<Entry>> live() {
        return pool.query(LIVE).execute().map(rs -> {
            List<Entry> out = new ArrayList<>();
            rs.forEach(r -> out.add(entry(r)));
            return out;
        });
    }

    public Future<java.util.Optional<Entry>> delete(UUID id) {
        return pool.preparedQuery(DELETE).execute(Tuple.of(id))
                .map(rs -> rs.size() == 0 ? java.util.Optional.empty() : java.util.Optional.of(entry(rs.iterator().next())));
    }

    private static Entry entry(Row r) {
        return new Entry(r.getUUID("id"), Cidr.parse(r.getString("cidr")), r.getString("reason"), r.getBoolean("automatic"),
                r.getOffsetDateTime("expires_at"), r.getUUID("created_by"), r.getOffsetDateTime("created_at"));
    }
}
