package dev.latchkey.server.licensing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;

public final class ProductRepository {

    private final Pool pool;

    public ProductRepository(Pool pool) {
        this.pool = pool;
    }

    public Future<Product> insert(UUID id, ProductService.Settings s) {
        return pool.preparedQuery(ProductSql.INSERT)
                .execute(Tuple.from(new Object[] {id, s.name(), s.description(), s.heartbeatInterval(), s.gracePeriod(),
                    s.freeSeats(), s.seatTimeout()}))
                .map(rs -> Product.from(rs.iterator().next()));
    }

    public Future<Optional<Product>> update(UUID id, ProductService.Settings s, boolean setDescription) {
        return pool.preparedQuery(ProductSql.UPDATE)
                .execute(Tuple.from(new Object[] {id, s.name(), setDescription, s.description(), s.heartbeatInterval(),
                    s.gracePeriod(), s.freeSeats(), s.seatTimeout()}))
                .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(Product.from(rs.iterator().next())));
    }

    public Future<Optional<Product>> find(UUID id) {
        return pool.preparedQuery(ProductSql.BY_ID).execute(Tuple.of(id))
                .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(Product.from(rs.iterator().next())));
    }

    public Future<JsonObject> list(int limit, int offset) {
        Future<Long> total = pool.query(ProductSql.COUNT).execute().map(rs -> rs.iterator().next().getLong(0));
        Future<JsonArray> items = pool.preparedQuery(ProductSql.LIST).execute(Tuple.of(limit, offset)).map(rs -> {
            JsonArray a = new JsonArray();
            rs.forEach(r -> a.add(Product.from(r).toJson()));
            return a;
        });
        return Future.all(total, items).map(x -> new JsonObject().put("items", items.result()).put("total", total.result()));
    }
}
