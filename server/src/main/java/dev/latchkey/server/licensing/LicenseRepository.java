package dev.latchkey.server.licensing;

import dev.latchkey.server.lists.ListPage;
import dev.latchkey.server.lists.Lister;
import dev.latchkey.server.lists.PageRequest;
import dev.latchkey.server.lists.RowCounts;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

public final class LicenseRepository {

    private final Pool pool;
    private final Lister lister;
    private final RowCounts counts;

    public LicenseRepository(Pool pool) {
        this.pool = pool;
        this.lister = new Lister(pool);
        this.counts = new RowCounts(pool);
    }

    public Pool pool() {
        return pool;
    }

    /** One row per key: id, keyed hash, last four symbols. */
    public record NewKey(UUID id, byte[] hash, String last4) {
    }

    public Future<List<License>> insertBatch(UUID productId, OffsetDateTime expiresAt, Integer durationDays, int maxActivations,
                                             List<String> features, String note, List<NewKey> keys) {
        UUID[] ids = new UUID[keys.size()];
        Buffer[] hashes = new Buffer[keys.size()];
        String[] last4 = new String[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            ids[i] = keys.get(i).id();
            hashes[i] = Buffer.buffer(keys.get(i).hash());
            last4[i] = keys.get(i).last4();
        }
        return pool.preparedQuery(LicenseSql.INSERT_BATCH)
                .execute(Tuple.from(new Object[] {productId, expiresAt, durationDays, maxActivations,
                    features.toArray(new String[0]), note, ids, hashes, last4}))
                .map(rs -> {
                    List<License> out = new ArrayList<>(rs.size());
                    rs.forEach(r -> out.add(License.from(r)));
                    return out;
                });
    }

    public Future<Optional<License>> find(UUID id) {
        return pool.preparedQuery(LicenseSql.BY_ID).execute(Tuple.of(id))
                .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(License.from(rs.iterator().next())));
    }

    /** Licenses by product, owner and effective status (each optional), newest first. */
    public Future<ListPage> list(UUID productId, UUID userId, String status, PageRequest page) {
        Instant now = Instant.now();
        return lister.page(LicenseList.query(productId, userId, status, pool, counts), LicenseList.NEWEST, true, page,
                r -> License.from(r).toJson(now).put("activations", r.getLong("activations")));
    }

    /** The caller's licenses with product name, seats used, and whether {@code deviceId} holds one. */
    public Future<JsonArray> ofUser(UUID userId, UUID deviceId) {
        Instant now = Instant.now();
        return pool.preparedQuery(LicenseSql.OF_USER).execute(Tuple.of(userId, deviceId)).map(rs -> {
            JsonArray a = new JsonArray();
            rs.forEach(r -> a.add(License.from(r).toJson(now)
                    .put("product", r.getString("product_name"))
                    .put("activations", r.getLong("activations"))
                    .put("activated_on_this_device", r.getBoolean("on_device"))));
            return a;
        });
    }

    public Future<Optional<License>> update(UUID id, String status, boolean setExpiry, OffsetDateTime expiresAt, Integer maxActivations) {
        return pool.preparedQuery(LicenseSql.UPDATE)
                .execute(Tuple.from(new Object[] {id, status, setExpiry, expiresAt, maxActivations}))
                .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(License.from(rs.iterator().next())));
    }

    public Future<Optional<License>> redeem(SqlClient client, byte[] keyHash, UUID userId) {
        return client.preparedQuery(LicenseSql.REDEEM).execute(Tuple.of(Buffer.buffer(keyHash), userId))
                .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(License.from(rs.iterator().next())));
    }

    public Future<Optional<License>> findByHash(SqlClient client, byte[] keyHash) {
        return client.preparedQuery(LicenseSql.BY_HASH).execute(Tuple.of(Buffer.buffer(keyHash)))
                .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(License.from(rs.iterator().next())));
    }

    public Future<JsonArray> activations(UUID licenseId) {
        return pool.preparedQuery(LicenseSql.ACTIVATIONS).execute(Tuple.of(licenseId)).map(rs -> {
            JsonArray a = new JsonArray();
            rs.forEach(r -> a.add(new JsonObject()
                    .put("device_id", r.getUUID("device_id").toString())
                    .put("user_id", r.getUUID("user_id").toString())
                    .put("name", r.getString("name"))
                    .put("nickname", r.getString("nickname"))
                    .put("activated_at", License.iso(r.getOffsetDateTime("activated_at")))
                    .put("last_seen_at", License.iso(r.getOffsetDateTime("last_seen_at")))));
            return a;
        });
    }

    public Future<Optional<License>> lock(SqlClient tx, UUID id) {
        return tx.preparedQuery(LicenseSql.LOCK).execute(Tuple.of(id))
                .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(License.from(rs.iterator().next())));
    }

    public Future<Boolean> isActiveOn(SqlClient tx, UUID licenseId, UUID deviceId) {
        return tx.preparedQuery(LicenseSql.IS_ACTIVE_ON).execute(Tuple.of(licenseId, deviceId)).map(rs -> rs.size() > 0);
    }

    public Future<Long> countActivations(SqlClient tx, UUID licenseId) {
        return tx.preparedQuery(LicenseSql.COUNT_ACTIVATIONS).execute(Tuple.of(licenseId)).map(rs -> rs.iterator().next().getLong(0));
    }

    public Future<Void> activate(SqlClient tx, UUID licenseId, UUID deviceId) {
        return tx.preparedQuery(LicenseSql.ACTIVATE).execute(Tuple.of(licenseId, deviceId))
                .compose(v -> tx.preparedQuery(LicenseSql.START_CLOCK).execute(Tuple.of(licenseId))).mapEmpty();
    }

    /** A license row changed by a job: which license, whose, and when it ends. */
    public record Changed(UUID id, UUID userId, UUID productId, OffsetDateTime expiresAt) {
    }

    public Future<List<Changed>> expireDue() {
        return pool.query(LicenseSql.EXPIRE_DUE).execute().map(rs -> changed(rs, false));
    }

    public Future<List<Changed>> markExpiringSoon(long withinSeconds) {
        return pool.preparedQuery(LicenseSql.EXPIRING_SOON).execute(Tuple.of((double) withinSeconds)).map(rs -> changed(rs, true));
    }

    private static List<Changed> changed(io.vertx.sqlclient.RowSet<Row> rs, boolean withExpiry) {
        List<Changed> out = new ArrayList<>();
        rs.forEach(r -> out.add(new Changed(r.getUUID("id"), r.getUUID("user_id"), r.getUUID("product_id"),
                withExpiry ? r.getOffsetDateTime("expires_at") : null)));
        return out;
    }

    static OffsetDateTime utc(Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
