package dev.latchkey.server.infra;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.TransactionPropagation;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collector;

/**
 * The pool every repository uses: each statement run on the pool, and each whole transaction,
 * fails after {@code timeoutMs} (waiting for a connection included).
 *
 * <p>Why: the PostgreSQL client has no statement timeout, and in Vert.x 5.0 it ignores the
 * socket idle timeout, so a database that hangs (stalled storage, a paused VM, a network
 * partition) would hold every request that touches it forever. A timed-out statement's
 * connection stays busy until PostgreSQL answers or the connection breaks; meanwhile the pool's
 * bounded wait queue and wait timeout refuse the rest quickly. Statements on a connection inside
 * {@link #withTransaction} are covered by the transaction's deadline.
 */
final class TimedPool implements Pool {

    private final Pool delegate;
    private final long timeoutMs;

    TimedPool(Pool delegate, long timeoutMs) {
        this.delegate = delegate;
        this.timeoutMs = timeoutMs;
    }

    private <T> Future<T> bounded(Future<T> f) {
        return f.timeout(timeoutMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public Future<SqlConnection> getConnection() {
        return delegate.getConnection();
    }

    @Override
    public Query<RowSet<Row>> query(String sql) {
        return new TimedQuery<>(delegate.query(sql));
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
        return new TimedPreparedQuery<>(delegate.preparedQuery(sql));
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
        return new TimedPreparedQuery<>(delegate.preparedQuery(sql, options));
    }

    @Override
    public <T> Future<T> withTransaction(Function<SqlConnection, Future<T>> function) {
        return bounded(delegate.withTransaction(function));
    }

    @Override
    public <T> Future<T> withTransaction(TransactionPropagation propagation, Function<SqlConnection, Future<T>> function) {
        return bounded(delegate.withTransaction(propagation, function));
    }

    @Override
    public <T> Future<T> withConnection(Function<SqlConnection, Future<T>> function) {
        return bounded(delegate.withConnection(function));
    }

    @Override
    public int size() {
        return delegate.size();
    }

    @Override
    public Future<Void> close() {
        return delegate.close();
    }

    private class TimedQuery<T> implements Query<T> {
        private final Query<T> q;

        TimedQuery(Query<T> q) {
            this.q = q;
        }

        @Override
        public Future<T> execute() {
            return bounded(q.execute());
        }

        @Override
        public <R> Query<SqlResult<R>> collecting(Collector<Row, ?, R> collector) {
            return new TimedQuery<>(q.collecting(collector));
        }

        @Override
        public <U> Query<RowSet<U>> mapping(Function<Row, U> mapper) {
            return new TimedQuery<>(q.mapping(mapper));
        }
    }

    private class TimedPreparedQuery<T> implements PreparedQuery<T> {
        private final PreparedQuery<T> q;

        TimedPreparedQuery(PreparedQuery<T> q) {
            this.q = q;
        }

        @Override
        public Future<T> execute() {
            return bounded(q.execute());
        }

        @Override
        public Future<T> execute(Tuple tuple) {
            return bounded(q.execute(tuple));
        }

        @Override
        public Future<T> executeBatch(List<Tuple> batch) {
            return bounded(q.executeBatch(batch));
        }

        @Override
        public <R> PreparedQuery<SqlResult<R>> collecting(Collector<Row, ?, R> collector) {
            return new TimedPreparedQuery<>(q.collecting(collector));
        }

        @Override
        public <U> PreparedQuery<RowSet<U>> mapping(Function<Row, U> mapper) {
            return new TimedPreparedQuery<>(q.mapping(mapper));
        }
    }
}
