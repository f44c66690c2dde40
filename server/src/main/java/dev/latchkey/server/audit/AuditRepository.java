package dev.latchkey.server.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

public final class AuditRepository {

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

    public record Filter(String action, String actor, String target, String ip, OffsetDateTime since,
                         OffsetDateTime until, int limit, int offset) {
    }

    public Future<JsonObject> search(Filter f) {
        Tuple where = Tuple.of(f.action(), f.actor(), f.target(), f.ip(), f.since(), f.until());
        Future<Long> total = pool.preparedQuery(AuditSql.COUNT).execute(where)
                .map(rs -> rs.iterator().next().getLong(0));
        Future<JsonArray> items = pool.preparedQuery(AuditSql.SEARCH)
                .execute(Tuple.of(f.action(), f.actor(), f.target(), f.ip(), f.since(), f.until()).addInteger(f.limit()).addInteger(f.offset()))
                .map(rs -> {
                    JsonArray out = new JsonArray();
                    rs.forEach(r -> out.add(toJson(r)));
                    return out;
                });
        return Future.all(total, items).map(x -> new JsonObject().put("items", items.result()).put("total", total.result()));
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
