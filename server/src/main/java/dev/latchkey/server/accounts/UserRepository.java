package dev.latchkey.server.accounts;

import dev.latchkey.server.lists.ListPage;
import dev.latchkey.server.lists.ListQuery;
import dev.latchkey.server.lists.Lister;
import dev.latchkey.server.lists.PageRequest;
import dev.latchkey.server.lists.RowCounts;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;

public final class UserRepository {

    private final Pool pool;
    private final Lister lister;
    private final RowCounts counts;

    public UserRepository(Pool pool) {
        this.pool = pool;
        this.lister = new Lister(pool);
        this.counts = new RowCounts(pool);
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

    /** Users whose username or email contains {@code query} (null for all), newest first. */
    public Future<ListPage> list(String query, PageRequest page) {
        return lister.page(listQuery(query, counts), UserList.ORDERS.get("created"), true, page, r -> User.from(r).toJson());
    }

    static ListQuery listQuery(String query, RowCounts counts) {
        return UserList.query(User.COLUMNS, query, "all", counts);
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
