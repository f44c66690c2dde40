package dev.latchkey.server.infra;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
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
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collector;

/**
 * The pool every repository uses: each statement run on the pool, and each whole transaction,
 * fails after {@code timeout} (waiting for a connection included; {@link Deadlines}), and while PostgreSQL is
 * known to be down or hung, at once ({@link OutageGate}: one probe a second finds it back).
 *
 * <p>Why: the PostgreSQL client has no statement timeout, and in Vert.x 5.0 it ignores the
 * socket idle timeout, so a database that hangs (stalled storage, a paused VM, a network
 * partition) would hold every request that touches it forever. A timed-out statement's
 * connection stays busy until PostgreSQL answers or the connection breaks. Statements on a
 * connection inside {@link #withTransaction} are covered by the transaction's deadline.
 */
final class TimedPool implements Pool {

    private static final Duration RETRY = Duration.ofSeconds(1);

    private final Pool delegate;
    private final Deadlines deadlines;
    private final OutageGate gate = new OutageGate("PostgreSQL", RETRY);

    TimedPool(Vertx vertx, Pool delegate, java.time.Duration timeout) {
        this.delegate = delegate;
        this.deadlines = new Deadlines(vertx, "PostgreSQL", timeout);
    }

    private <T> Future<T> bounded(Supplier<Future<T>> operation) {
        return gate.call(deadlines, operation, JUDGE);
    }

    /** A refused or lost connection or a timeout says "down"; an error PostgreSQL sent says "up"; others nothing. */
    private static final Function<Throwable, OutageGate.Verdict> JUDGE = e -> showsDown(e)
            ? OutageGate.Verdict.DOWN : e instanceof PgException ? OutageGate.Verdict.UP : OutageGate.Verdict.NEUTRAL;

    /** A timeout (waiting for a connection, or for an answer), a refused or lost connection, a server going down. */
    static boolean showsDown(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String message = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
            if (c instanceof java.util.concurrent.TimeoutException
                    || c.getClass().getSimpleName().contains("Timeout")
                    || message.startsWith("timeout")
                    || c instanceof java.net.ConnectException
                    || c instanceof java.nio.channels.ClosedChannelException
                    || c.getClass().getSimpleName().equals("ClosedConnectionException")
                    || c instanceof PgException pg && pg.getSqlState() != null
                            && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
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
        return bounded(() -> delegate.withTransaction(function));
    }

    @Override
    public <T> Future<T> withTransaction(TransactionPropagation propagation, Function<SqlConnection, Future<T>> function) {
        return bounded(() -> delegate.withTransaction(propagation, function));
    }

    @Override
    public <T> Future<T> withConnection(Function<SqlConnection, Future<T>> function) {
        return bounded(() -> delegate.withConnection(function));
    }

    @Override
    public int size() {
        return delegate.size();
    }

    @Override
    public Future<Void> close() {
        deadlines.close();
        return delegate.close();
    }

    private class TimedQuery<T> implements Query<T> {
        private final Query<T> q;

        TimedQuery(Query<T> q) {
            this.q = q;
        }

        @Override
        public Future<T> execute() {
            return bounded(q::execute);
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
            return bounded(q::execute);
        }

        @Override
        public Future<T> execute(Tuple tuple) {
            return bounded(() -> q.execute(tuple));
        }

        @Override
        public Future<T> executeBatch(List<Tuple> batch) {
            return bounded(() -> q.executeBatch(batch));
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
