package dev.latchkey.server.audit;

import dev.latchkey.server.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

public final class AuditRepository {

    /**
     * Up to this many matching events the total is counted (a bounded walk of an index, a few milliseconds);
     * beyond, it is PostgreSQL's estimate and says so: counting millions of rows on every page would cost
     * seconds.
     */
    public static final int EXACT_TOTAL_UP_TO = 10_000;

    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final Pool pool;

    public AuditRepository(Pool pool) {
        this.pool = pool;
    }

    /** Writes a batch in one statement: all of it lands or none (and the batch is retried). */
    public Future<Void> insertAll(List<AuditEvent> events) {
        return insertAll(pool, events);
    }

    /** As {@link #insertAll(List)}, on a given connection (inside its transaction). */
    Future<Void> insertAll(SqlClient client, List<AuditEvent> events) {
        int n = events.size();
        OffsetDateTime[] at = new OffsetDateTime[n];
        UUID[] actorId = new UUID[n];
        String[] actorName = new String[n];
        String[] action = new String[n];
        String[] targetType = new String[n];
        String[] targetId = new String[n];
        String[] ip = new String[n];
        String[] userAgent = new String[n];
        String[] outcome = new String[n];
        String[] details = new String[n];
        for (int i = 0; i < n; i++) {
            AuditEvent e = events.get(i);
            at[i] = OffsetDateTime.ofInstant(e.occurredAt(), ZoneOffset.UTC);
            actorId[i] = e.actorId();
            actorName[i] = e.actorName();
            action[i] = e.action();
            targetType[i] = e.targetType();
            targetId[i] = e.targetId();
            ip[i] = e.ip();
            userAgent[i] = e.userAgent();
            outcome[i] = e.outcome().dbValue();
            details[i] = e.details() == null ? "{}" : e.details().encode();
        }
        return client.preparedQuery(AuditSql.INSERT).execute(Tuple.from(new Object[] {
            at, actorId, actorName, action, targetType, targetId, ip, userAgent, outcome, details})).mapEmpty();
    }

    /**
     * What to search for; every field is optional.
     *
     * @param action an action, or a prefix up to a dot ({@code auth} finds {@code auth.login}, {@code auth.token}, ...)
     * @param actor  an account id, or a username: that account's events and those naming it without an id
     *               (failed sign-ins under that name), or any other name such as {@code system}
     * @param since  from this time (inclusive)
     * @param until  before this time
     */
    public record Filter(String action, String actor, String target, String ip, OffsetDateTime since, OffsetDateTime until) {
    }

    /** Which page: {@code limit} events after skipping {@code offset}, older than {@code after} or newer than {@code before}. */
    public record Slice(int limit, int offset, AuditCursor after, AuditCursor before) {
        public Slice {
            if (after != null && before != null) {
                throw ApiException.validation("after and before cannot be combined");
            }
        }

        public static Slice first(int limit) {
            return new Slice(limit, 0, null, null);
        }
    }

    /** One page, newest first, with the total and the cursors of the pages around it. */
    public Future<AuditPage> search(Filter filter, Slice slice) {
        return resolve(filter).compose(c -> c == null ? Future.succeededFuture(AuditPage.empty()) : search(c, slice));
    }

    /** The newest {@code limit} events of a filter, without a total (a user's page, the CSV export). */
    public Future<JsonArray> latest(Filter filter, int limit) {
        return resolve(filter).compose(c -> c == null ? Future.succeededFuture(List.<JsonObject>of())
                        : rows(AuditQuery.page(c, null, null, limit, 0)))
                .map(rows -> new JsonArray(new ArrayList<>(rows.subList(0, Math.min(limit, rows.size())))));
    }

    private Future<AuditPage> search(AuditQuery.Criteria c, Slice s) {
        Future<List<JsonObject>> rows = rows(AuditQuery.page(c, s.after(), s.before(), s.limit(), s.offset()));
        Future<Total> total = total(c);
        return Future.all(rows, total).map(x -> {
            List<JsonObject> items = rows.result();
            boolean more = items.size() > s.limit();
            if (more) {
                items = items.subList(0, s.limit());
            }
            if (s.before() != null) {
                // Read oldest first from the cursor towards the newest; shown newest first like every page.
                items = new ArrayList<>(items);
                Collections.reverse(items);
            }
            AuditCursor first = items.isEmpty() ? null : cursorOf(items.get(0));
            AuditCursor last = items.isEmpty() ? null : cursorOf(items.get(items.size() - 1));
            boolean older = s.before() != null ? !items.isEmpty() : more;
            boolean newer = s.before() != null ? more : s.after() != null || s.offset() > 0;
            return new AuditPage(new JsonArray(new ArrayList<>(items)), total.result().count(), total.result().exact(),
                    older ? last : null, newer ? first : null);
        });
    }

    /** How many events match: counted, or (beyond {@link #EXACT_TOTAL_UP_TO}) the planner's estimate. */
    private record Total(long count, boolean exact) {
    }

    private Future<Total> total(AuditQuery.Criteria c) {
        AuditQuery.Statement count = AuditQuery.count(c, EXACT_TOTAL_UP_TO + 1);
        AuditQuery.Statement estimate = AuditQuery.estimate(c);
        return customPlans(conn -> conn.preparedQuery(count.sql()).execute(count.args())
                .map(rs -> rs.iterator().next().getLong("n"))
                .compose(n -> n <= EXACT_TOTAL_UP_TO ? Future.succeededFuture(new Total(n, true))
                        : conn.preparedQuery(estimate.sql()).execute(estimate.args()).map(rs -> {
                            Object plan = rs.iterator().next().getValue(0);
                            JsonArray json = plan instanceof JsonArray a ? a : new JsonArray(String.valueOf(plan));
                            long rows = Math.round(json.getJsonObject(0).getJsonObject("Plan").getDouble("Plan Rows"));
                            // Never below what was just counted: the planner can underestimate.
                            return new Total(Math.max(rows, n), false);
                        })));
    }

    /**
     * Runs {@code work} in a transaction whose statements are planned for their actual values every time.
     * Why: the statement cache lets PostgreSQL switch a statement to one generic plan after five runs, and a
     * generic plan guesses that an actor, address or target matches a row or two. For a busy one (the actor
     * {@code system}, an admin's script, an attacker's address) it then reads every matching row of every
     * month to sort them: 1.2-3.8 s instead of 1-5 ms for {@code actor=system} on 5 million events (BENCHMARKS.md,
     * "Audit log at five million events"). Planned with the value, the statistics know it is busy. Planning
     * costs a few milliseconds, on admin reads only.
     */
    private <T> Future<T> customPlans(Function<SqlConnection, Future<T>> work) {
        return pool.withTransaction(conn -> conn.query(AuditSql.CUSTOM_PLANS).execute().compose(v -> work.apply(conn)));
    }

    /** The filter in SQL terms: the actions an action prefix stands for, the account a username names. Null: nothing can match. */
    private Future<AuditQuery.Criteria> resolve(Filter f) {
        Future<List<String>> actions = f.action() == null ? Future.succeededFuture(null) : actionsUnder(f.action());
        Future<Actor> actor;
        if (f.actor() == null) {
            actor = Future.succeededFuture(new Actor(null, null));
        } else if (UUID_TEXT.matcher(f.actor()).matches()) {
            actor = Future.succeededFuture(new Actor(UUID.fromString(f.actor()), null));
        } else {
            actor = pool.preparedQuery(AuditSql.USER_ID_BY_NAME).execute(Tuple.of(f.actor())).map(rs -> {
                if (rs.size() == 0) {
                    return new Actor(null, f.actor());
                }
                Row account = rs.iterator().next();
                return new Actor(account.getUUID("id"), account.getString("username"));
            });
        }
        return Future.all(actions, actor).map(x -> actions.result() != null && actions.result().isEmpty() ? null
                : new AuditQuery.Criteria(actions.result(), actor.result().id(), actor.result().name(), f.target(), f.ip(), f.since(),
                        f.until()));
    }

    /** An actor filter resolved: an id alone, a username's account and its stored spelling, or a bare name. */
    private record Actor(UUID id, String name) {
    }

    /** The actions recorded so far that are {@code prefix} itself or begin with {@code prefix.}. */
    private Future<List<String>> actionsUnder(String prefix) {
        String p = prefix.toLowerCase(Locale.ROOT);
        return pool.preparedQuery(AuditSql.ACTIONS).execute().map(rs -> {
            List<String> out = new ArrayList<>();
            rs.forEach(r -> {
                String a = r.getString(0);
                if (a.equals(p) || a.startsWith(p + ".")) {
                    out.add(a);
                }
            });
            return out;
        });
    }

    private Future<List<JsonObject>> rows(AuditQuery.Statement page) {
        return customPlans(conn -> conn.preparedQuery(page.sql()).execute(page.args())).map(rs -> {
            List<JsonObject> out = new ArrayList<>(rs.size());
            rs.forEach(r -> out.add(toJson(r)));
            return out;
        });
    }

    private static AuditCursor cursorOf(JsonObject item) {
        return new AuditCursor(Instant.parse(item.getString("occurred_at")), item.getLong("id"));
    }

    private static JsonObject toJson(Row r) {
        return new JsonObject()
                .put("id", r.getLong("id"))
                .put("occurred_at", r.getOffsetDateTime("occurred_at").toInstant().toString())
                .put("actor_id", r.getUUID("actor_id") == null ? null : r.getUUID("actor_id").toString())
                .put("actor_name", r.getString("actor_name"))
                .put("action", r.getString("action"))
                .put("target_type", r.getString("target_type"))
                .put("target_id", r.getString("target_id"))
                .put("ip", r.getString("ip"))
                .put("user_agent", r.getString("user_agent"))
                .put("outcome", r.getString("outcome"))
                .put("details", r.getJsonObject("details"));
    }
}
