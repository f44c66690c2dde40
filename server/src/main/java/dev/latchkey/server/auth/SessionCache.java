package dev.latchkey.server.auth;

import dev.latchkey.server.infra.RedisStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Redis cache in front of the sessions table, shared by every node.
 *
 * <p>{@code sess:<id>} is "1" (live, short TTL) or "0" (revoked, kept longer than any access
 * token lives). Revocation writes "0" outright while a cache fill only writes with NX, so a
 * fill racing a revocation can never resurrect the session. {@code web:<sha256>} maps a cookie's
 * hash to its session; its TTL is the idle timeout, renewed on each use.
 *
 * <p>Redis trouble is a cache miss: the caller falls back to PostgreSQL.
 */
public final class SessionCache {

    private static final Logger LOG = Logger.getLogger(SessionCache.class.getName());
    private static final Duration LIVE_TTL = Duration.ofSeconds(60);

    private final RedisStore redis;
    private final long revokedTtlSeconds;

    public SessionCache(RedisStore redis, Duration longestTokenLife) {
        this.redis = redis;
        this.revokedTtlSeconds = longestTokenLife.toSeconds() + 120;
    }

    /** Empty when the cache does not know (or Redis is unreachable). */
    public Future<Optional<Boolean>> live(UUID sessionId) {
        return redis.send(Command.GET, key(sessionId))
                .map(r -> r == null ? Optional.<Boolean>empty() : Optional.of("1".equals(r.toString())))
                .otherwise(Optional.empty());
    }

    public Future<Void> rememberLive(UUID sessionId) {
        return redis.send(Command.SET, key(sessionId), "1", "NX", "EX", String.valueOf(LIVE_TTL.toSeconds()))
                .<Void>mapEmpty().otherwiseEmpty();
    }

    public Future<Void> rememberRevoked(UUID sessionId) {
        return redis.send(Command.SET, key(sessionId), "0", "EX", String.valueOf(revokedTtlSeconds))
                .<Void>mapEmpty()
                .onFailure(e -> LOG.warning("Redis unreachable while revoking a session; PostgreSQL still refuses it"))
                .otherwiseEmpty();
    }

    /** A cached web session, renewing its idle TTL. */
    public Future<Optional<JsonObject>> web(byte[] tokenHash, Duration idle) {
        return redis.send(Command.GETEX, webKey(tokenHash), "EX", String.valueOf(idle.toSeconds()))
                .map(SessionCache::json)
                .otherwise(Optional.empty());
    }

    public Future<Void> rememberWeb(byte[] tokenHash, JsonObject entry, Duration ttl) {
        return redis.send(Command.SET, webKey(tokenHash), entry.encode(), "EX", String.valueOf(Math.max(1, ttl.toSeconds())))
                .<Void>mapEmpty().otherwiseEmpty();
    }

    public Future<Void> forgetWeb(byte[] tokenHash) {
        return redis.send(Command.DEL, webKey(tokenHash)).<Void>mapEmpty().otherwiseEmpty();
    }

    private static Optional<JsonObject> json(Response r) {
        if (r == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new JsonObject(r.toString()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private String key(UUID sessionId) {
        return redis.key("sess:" + sessionId);
    }

    private String webKey(byte[] tokenHash) {
        return redis.key("web:" + HexFormat.of().formatHex(tokenHash));
    }
}
