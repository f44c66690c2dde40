package dev.latchkey.server.files;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Rows of {@code files}. */
final class FileRepository {

    private final Pool pool;

    FileRepository(Pool pool) {
        this.pool = pool;
    }

    Future<Boolean> productExists(UUID productId) {
        return pool.preparedQuery(FileSql.PRODUCT_EXISTS).execute(Tuple.of(productId)).map(rs -> rs.size() > 0);
    }

    Future<Boolean> releaseExists(UploadRequest r) {
        return pool.preparedQuery(FileSql.RELEASE_EXISTS)
                .execute(Tuple.of(r.productId(), r.name(), r.version(), r.channel()))
                .map(rs -> rs.size() > 0);
    }

    Future<StoredFile> insert(StoredFile f) {
        Tuple t = Tuple.tuple()
                .addUUID(f.id()).addUUID(f.productId()).addString(f.name()).addString(f.version())
                .addString(f.channel()).addString(f.requiredFeature()).addString(f.notes()).addLong(f.size())
                .addInteger(f.segmentSize()).addLong(f.containerSize()).addBuffer(Buffer.buffer(f.sha256()))
                .addBuffer(Buffer.buffer(f.signature())).addBuffer(Buffer.buffer(f.wrappedDek())).addUUID(f.createdBy());
        return pool.preparedQuery(FileSql.INSERT).execute(t).map(rs -> StoredFile.from(rs.iterator().next()));
    }

    Future<Optional<StoredFile>> find(UUID id) {
        return pool.preparedQuery(FileSql.FIND).execute(Tuple.of(id)).map(FileRepository::first);
    }

    /** {@code {"items":[...],"total":N}} in the admin view. */
    Future<JsonObject> list(UUID productId, String status, String channel, int limit, int offset) {
        Tuple filter = Tuple.of(productId, status, channel);
        Future<Long> total = pool.preparedQuery(FileSql.COUNT).execute(filter).map(rs -> rs.iterator().next().getLong(0));
        Future<JsonArray> items = pool.preparedQuery(FileSql.LIST).execute(Tuple.of(productId, status, channel, limit, offset))
                .map(rs -> {
                    JsonArray a = new JsonArray();
                    rs.forEach(r -> a.add(StoredFile.from(r).toAdminJson()));
                    return a;
                });
        return Future.all(total, items).map(x -> new JsonObject().put("items", items.result()).put("total", total.result()));
    }

    Future<List<StoredFile>> publishedFor(Collection<UUID> productIds) {
        if (productIds.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return pool.preparedQuery(FileSql.PUBLISHED_FOR_PRODUCTS)
                .execute(Tuple.of(productIds.toArray(new UUID[0])))
                .map(rs -> {
                    List<StoredFile> out = new ArrayList<>();
                    rs.forEach(r -> out.add(StoredFile.from(r)));
                    return out;
                });
    }

    Future<Optional<StoredFile>> update(UUID id, String status, String channel, String notes, boolean setNotes) {
        return pool.preparedQuery(FileSql.UPDATE).execute(Tuple.of(id, status, channel, notes, setNotes))
                .map(FileRepository::first);
    }

    Future<Optional<StoredFile>> delete(UUID id) {
        return pool.preparedQuery(FileSql.DELETE).execute(Tuple.of(id)).map(FileRepository::first);
    }

    private static Optional<StoredFile> first(RowSet<Row> rs) {
        return rs.size() == 0 ? Optional.empty() : Optional.of(StoredFile.from(rs.iterator().next()));
    }
}
