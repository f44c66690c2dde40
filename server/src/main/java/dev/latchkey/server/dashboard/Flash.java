package dev.latchkey.server.dashboard;

import dev.latchkey.server.infra.RedisStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import java.util.UUID;

/**
 * The one-line result of an action ("User blocked", or what went wrong), shown once on the page the
 * browser is sent to next. Kept in Redis for a minute under the session id, so any node can show it; the
 * text is a message key (and, for errors, the service's English detail), never HTML.
 */
final class Flash {

    private static final int TTL_SECONDS = 60;
    private final RedisStore redis;

    Flash(RedisStore redis) {
        this.redis = redis;
    }

    Future<Void> success(UUID sessionId, String key) {
        return put(sessionId, new JsonObject().put("kind", "ok").put("key", key));
    }

    Future<Void> error(UUID sessionId, String key, String detail) {
        return put(sessionId, new JsonObject().put("kind", "error").put("key", key).put("detail", detail));
    }

    private Future<Void> put(UUID sessionId, JsonObject message) {
        return redis.send(Command.SET, key(sessionId), message.encode(), "EX", String.valueOf(TTL_SECONDS))
                .<Void>mapEmpty().otherwiseEmpty();
    }

    /** The pending message, removed as it is read; null when none (or when Redis is unreachable). */
    Future<JsonObject> take(UUID sessionId) {
        return redis.send(Command.GETDEL, key(sessionId))
                .map(r -> r == null ? null : new JsonObject(r.toString()))
                .otherwise((JsonObject) null);
    }

    private String key(UUID sessionId) {
        return redis.key("dash:flash:" + sessionId);
    }
}
