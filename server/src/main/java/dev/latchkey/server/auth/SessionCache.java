package dev.latchkey.server.auth;

import dev.latchkey.server.infra.RedisStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Redis cache in front of the sessions table, shared by every node: one key per session, {@code s:<id>}.
 *
 * <p>The value's first byte is the session's state: {@code '1'} live, {@code '0'} revoked (kept longer than any
 * access token lives). A live session's value may go on with a {@link #SLOT}-byte slot the licensing feature
 * keeps the device's last lease in, then a body it keeps the device's entitlements in (both opaque here): one
 * key per device is what a heartbeat reads, so a fleet costs Redis one key per device and not three.
 *
 * <p>Revocation writes {@code "0"} outright. Every other write keeps a {@code '0'} as it is: a fill uses NX or a
 * script that refuses a revoked value, and the slot is written at offset 1, behind the state byte, by a script
 * that writes only behind a {@code '1'}. So a fill racing a revocation can never resurrect the session.
 *
 * <p>A live entry lives as long as the access token that filled it can (refreshing extends it), never less than
 * the heartbeat interval of a device that refreshes its token. {@code web:<sha256>} maps a cookie's hash to its
 * session; its TTL is the idle timeout, renewed on each use.
 *
 * <p>Redis trouble is a cache miss: the caller falls back to PostgreSQL.
 */
public final class SessionCache {

    private static final Logger LOG = Logger.getLogger(SessionCache.class.getName());

    /** Bytes of the lease slot behind the state byte. */
    public static final int SLOT = 88;
    private static final int BODY_AT = 1 + SLOT;

    /**
     * Replaces the entry of a live session with {@code '1' + slot + ARGV[1]} for ARGV[3] seconds, unless it is revoked;
     * keeps the slot already there (a lease that still says the same need not be signed again), else ARGV[2].
     */
    private static final String FILL = "local old = redis.call('GET', KEYS[1])\n"
            + "if old and string.byte(old, 1) == 48 then return 0 end\n"
            + "local slot = ARGV[2]\n"
            + "if old and string.byte(old, 1) == 49 and #old >= " + BODY_AT + " then slot = string.sub(old, 2, " + BODY_AT + ") end\n"
            + "redis.call('SET', KEYS[1], '1' .. slot .. ARGV[1], 'EX', ARGV[3])\n"
            + "return 1";
    /** Writes the slot behind a live state byte only; the entry keeps its TTL. */
    private static final String WRITE_SLOT = "if redis.call('GETRANGE', KEYS[1], 0, 0) == '1' then\n"
            + "  redis.call('SETRANGE', KEYS[1], 1, ARGV[1]) return 1 end\n"
            + "return 0";
    private static final byte[] EMPTY_SLOT = new byte[SLOT];
    private static final Base64.Encoder KEY_ENCODING = Base64.getUrlEncoder().withoutPadding();

    private final RedisStore redis;
    private final long revokedTtlSeconds;

    public SessionCache(RedisStore redis, Duration longestTokenLife) {
        this.redis = redis;
        this.revokedTtlSeconds = longestTokenLife.toSeconds() + 120;
    }

    /** What the cache holds for a session. */
    public enum State { UNKNOWN, LIVE, REVOKED }

    /**
     * A session's entry as read: its state, and for a live one the slot and body the licensing feature stored
     * (null when there are none).
     */
    public record Entry(State state, byte[] slot, byte[] body) {

        static final Entry UNKNOWN = new Entry(State.UNKNOWN, null, null);

        public static Entry parse(Response r) {
            if (r == null) {
                return UNKNOWN;
            }
            byte[] v = r.toBytes();
            if (v.length == 0) {
                return UNKNOWN;
            }
            if (v[0] == '0') {
                return new Entry(State.REVOKED, null, null);
            }
            if (v[0] != '1') {
                return UNKNOWN;
            }
            byte[] slot = v.length >= BODY_AT ? java.util.Arrays.copyOfRange(v, 1, BODY_AT) : null;
            byte[] body = v.length > BODY_AT ? java.util.Arrays.copyOfRange(v, BODY_AT, v.length) : null;
            return new Entry(State.LIVE, slot, body);
        }

        public Optional<Boolean> live() {
            return state == State.UNKNOWN ? Optional.empty() : Optional.of(state == State.LIVE);
        }
    }

    /** Empty when the cache does not know (or Redis is unreachable). */
    public Future<Optional<Boolean>> live(UUID sessionId) {
        // Only the state byte: the rest is the licensing feature's, and only a heartbeat needs it.
        return redis.send(Command.GETRANGE, key(sessionId), "0", "0")
                .map(r -> r == null || r.toBytes().length == 0 ? Optional.<Boolean>empty() : Optional.of("1".equals(r.toString())))
                .otherwise(Optional.empty());
    }

    /** Remembers a session PostgreSQL called live, for {@code ttlSeconds} (the life left to the token that asked). */
    public Future<Void> rememberLive(UUID sessionId, long ttlSeconds) {
        return redis.send(Command.SET, key(sessionId), "1", "NX", "EX", String.valueOf(Math.max(1, ttlSeconds)))
                .<Void>mapEmpty().otherwiseEmpty();
    }

    /** Stores a live session's entry with {@code body}, unless the session is revoked meanwhile; best effort. */
    public Future<Void> fill(UUID sessionId, byte[] body, long ttlSeconds) {
        return redis.send(Command.EVAL, FILL, "1", key(sessionId), body, EMPTY_SLOT, String.valueOf(Math.max(1, ttlSeconds)))
                .<Void>mapEmpty().otherwiseEmpty();
    }

    /** Stores {@code slot} ({@link #SLOT} bytes) in a live session's entry; best effort. */
    public Future<Void> writeSlot(UUID sessionId, byte[] slot) {
        if (slot.length != SLOT) {
            throw new IllegalArgumentException("a slot is " + SLOT + " bytes");
        }
        return redis.send(Command.EVAL, WRITE_SLOT, "1", key(sessionId), slot).<Void>mapEmpty().otherwiseEmpty();
    }

    /** A refreshed token lives longer: so does the session's entry (never shortened). */
    public Future<Void> extend(UUID sessionId, long ttlSeconds) {
        return redis.send(Command.EXPIRE, key(sessionId), String.valueOf(Math.max(1, ttlSeconds)), "GT")
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

    /**
     * The session's key. Why 22 base64url characters and not the 36 of the UUID's text: a million devices' keys
     * are that much smaller in Redis, where the key is most of a small entry's cost.
     */
    public String key(UUID sessionId) {
        ByteBuffer b = ByteBuffer.allocate(16).putLong(sessionId.getMostSignificantBits()).putLong(sessionId.getLeastSignificantBits());
        return redis.key("s:" + KEY_ENCODING.encodeToString(b.array()));
    }

    private String webKey(byte[] tokenHash) {
        return redis.key("web:" + HexFormat.of().formatHex(tokenHash));
    }
}
