package dev.latchkey.server.accounts;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;

public final class UserRepository {

    private final Pool pool;

    public UserRepository(Pool pool) {
        this.pool = pool;
    }

    public Pool pool() {
        return pool;
    }

    public Future<User> insert(UUID id, String username, String email, String passwordHash, String role, int maxDevices) {
        return insert(pool, id, username, email, passwordHash, role, maxDevices);
    }

    public Future<User> insert(SqlClient client, UUID id, String username, String email, String passwordHash, String role,
                               int maxDevices) {
        return client.preparedQuery(UserSql.INSERT)
                .execute(Tuple.of(id, username, email, passwordHash, role, maxDevices))
                .map(rs -> User.from(rs.iterator().next()));
    }

    public Future<Optional<User>> findByUsername(String username) {
        return pool.preparedQuery(UserSql.BY_USERNAME).execute(Tuple.of(username))
                .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(User.from(rs.iterator().next())));
    }

    public Future<Optional<User>> findById(UUID id) {
        return findById(pool, id);
    }

    public Future<Optional<User>> findById(SqlClient client, UUID id) {
        return client.preparedQuery(UserSql.BY_ID).execute(Tuple.of(id))
                .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(User.from(rs.iterator().next())));
    }

    /** Locks the user row for the rest of the transaction (serialises device registration per user). */
    public Future<Optional<User>> lock(SqlClient tx, UUID id) {
        return tx.preparedQuery(UserSql.LOCK).execute(Tuple.of(id))
                .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(User.from(rs.iterator().next())));
    }

    public Future<JsonObject> list(String query, int limit, int offset) {
        String q = query == null || query.isBlank() ? null : query.trim();
        Future<Long> total = pool.preparedQuery(UserSql.COUNT).execute(Tuple.of(q)).map(rs -> rs.iterator().next().getLong(0));
        Future<JsonArray> items = pool.preparedQuery(UserSql.LIST).execute(Tuple.of(q, limit, offset)).map(rs -> {
            JsonArray a = new JsonArray();
            rs.forEach(r -> a.add(User.from(r).toJson()));
            return a;
        });
        return Future.all(total, items).map(x -> new JsonObject().put("items", items.result()).put("total", total.result()));
    }

    /** Changes what is non-null; {@code setEmail} distinguishes "clear the email" from "leave it". */
    public Future<Optional<User>> update(UUID id, Boolean blocked, String role, Integer maxDevices, boolean setEmail, String email,
                                         boolean clearFlag) {
        return pool.preparedQuery(UserSql.UPDATE)
                .execute(Tuple.from(new Object[] {id, blocked, role, maxDevices, setEmail, email, clearFlag}))
                .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(User.from(rs.iterator().next())));
    }

    public Future<Void> touchLogin(UUID id) {
        return pool.preparedQuery(UserSql.TOUCH_LOGIN).execute(Tuple.of(id)).mapEmpty();
    }

    public Future<Boolean> anyAdmin() {
        return pool.query(UserSql.ANY_ADMIN).execute().map(rs -> rs.iterator().next().getBoolean(0));
    }
}
