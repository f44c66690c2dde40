package dev.latchkey.server.licensing;

import dev.latchkey.server.infra.RedisStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Per-user {@link Entitlements} cached in Redis, so a heartbeat does not touch PostgreSQL.
 *
 * <p>Invalidation bumps a generation counter ({@code gen:<user>}, or {@code gen:all} for changes
 * that touch everyone, such as a product's grace period). An entry remembers the generations it
 * was loaded under, read before the database query; a lookup that sees other generations reloads.
 * So a load racing an admin change can never leave stale data behind, and every node sees the
 * change on its next heartbeat because the counters live in the shared Redis.
 */
public final class LicenseCache {

    private static final Logger LOG = Logger.getLogger(LicenseCache.class.getName());
    private static final long ENTRY_TTL_SECONDS = 600;
    private static final long GEN_TTL_SECONDS = 7 * 86400;

    /** How long this node trusts entitlements it parsed, even while the generations still match. */
    static final long LOCAL_TTL_MS = 30_000;
    static final int LOCAL_MAX = 20_000;

    private final RedisStore redis;
    private final EntitlementsRepository repository;
    /**
     * Entitlements this node already parsed, with the generations they were loaded under: parsing the
     * cached JSON was the largest single cost of a heartbeat after the signature. The generations still
     * come from Redis on every lookup, so an admin change is seen at once, as through the Redis entry.
     * Why a TTL and a wipe on any Redis failure: a Redis restarted empty resets the generations to 0,
     * which an old entry could match.
     */
    private final ConcurrentHashMap<UUID, Parsed> parsed = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean invalidationFailing = new java.util.concurrent.atomic.AtomicBoolean();

    private record Parsed(String userGen, String allGen, Entitlements entitlements, long atMs) {
    }

    public LicenseCache(RedisStore redis, EntitlementsRepository repository) {
        this.redis = redis;
        this.repository = repository;
    }

    public Future<Entitlements> get(UUID userId) {
        return lookup(userId, null).map(Lookup::entitlements);
    }

    /** What a heartbeat reads: the entitlements and the device's reusable lease, in one round trip. */
    public record Lookup(Entitlements entitlements, String reusableLease) {
    }

    /**
     * The user's entitlements, and with {@code deviceId} also the lease last remembered for that device
     * ({@link #rememberLease}), fetched in the same MGET so a heartbeat costs one Redis round trip here (two only
     * when this node's parse is fresh but the generations moved).
     */
    public Future<Lookup> lookup(UUID userId, UUID deviceId) {
        String entryKey = entryKey(userId);
        long now = System.currentTimeMillis();
        Parsed known = parsed.get(userId);
        // Why the entry is left out while this node holds a fresh parse: the generations decide, and the entry
        // (the user's whole entitlements JSON) would otherwise cross the wire on every beat only to be dropped.
        boolean fresh = known != null && now - known.atMs() < LOCAL_TTL_MS;
        java.util.List<Object> keys = new java.util.ArrayList<>(4);
        keys.add(userGen(userId));
        keys.add(allGen());
        if (deviceId != null) {
            keys.add(leaseKey(deviceId));
        }
        if (!fresh) {
            keys.add(entryKey);
        }
        return redis.send(Command.MGET, keys.toArray()).compose(r -> {
                    String userGen = str(r.get(0));
                    String allGen = str(r.get(1));
                    String lease = deviceId == null || r.get(2) == null ? null : r.get(2).toString();
                    if (fresh && known.userGen().equals(userGen) && known.allGen().equals(allGen)) {
                        return Future.succeededFuture(new Lookup(known.entitlements(), lease));
                    }
                    // Redis failing just now: as for any Redis failure, forget the parses and read PostgreSQL.
                    Future<Response> entry = fresh
                            ? redis.send(Command.GET, entryKey).recover(err -> {
                                parsed.clear();
                                return Future.succeededFuture(null);
                            })
                            : Future.succeededFuture(r.get(deviceId == null ? 2 : 3));
                    return entry.compose(e -> resolve(userId, entryKey, userGen, allGen, lease, e, now));
                }, redisDown -> {
                    parsed.clear();
                    return repository.load(userId).map(e -> new Lookup(e, null));
                });
    }

    /** The entitlements from the cached entry when it carries these generations, else from PostgreSQL (cached then). */
    private Future<Lookup> resolve(UUID userId, String entryKey, String userGen, String allGen, String lease, Response entry,
                                   long now) {
        if (entry != null) {
            JsonObject o = new JsonObject(entry.toBuffer());
            if (userGen.equals(o.getString("gu")) && allGen.equals(o.getString("ga"))) {
                Entitlements e = Entitlements.fromJson(o.getJsonObject("e"));
                remember(userId, new Parsed(userGen, allGen, e, now));
                return Future.succeededFuture(new Lookup(e, lease));
            }
        }
        return repository.load(userId).compose(e -> {
            remember(userId, new Parsed(userGen, allGen, e, now));
            JsonObject stored = new JsonObject().put("gu", userGen).put("ga", allGen).put("e", e.toJson());
            return redis.send(Command.SET, entryKey, stored.encode(), "EX", String.valueOf(ENTRY_TTL_SECONDS))
                    .map(x -> new Lookup(e, lease)).otherwise(new Lookup(e, lease));
        });
    }

    private void remember(UUID userId, Parsed p) {
        if (parsed.size() >= LOCAL_MAX) {
            parsed.clear();
        }
        parsed.put(userId, p);
    }

    /**
     * Remembers a signed lease of a device for {@code ttlSeconds}; best effort (a lost write only
     * means the next heartbeat signs again). The value is opaque here: HeartbeatService owns its format.
     */
    public void rememberLease(UUID deviceId, String value, long ttlSeconds) {
        redis.send(Command.SET, leaseKey(deviceId), value, "EX", String.valueOf(ttlSeconds));
    }

    /** Everything cached about this user is stale from now on, on every node. */
    public Future<Void> invalidate(UUID userId) {
        if (userId == null) {
            return Future.succeededFuture();
        }
        parsed.remove(userId);
        String gen = userGen(userId);
        return redis.batch(java.util.List.of(
                        io.vertx.redis.client.Request.cmd(Command.INCR, gen),
                        io.vertx.redis.client.Request.cmd(Command.EXPIRE, gen, GEN_TTL_SECONDS)))
                .<Void>mapEmpty()
                .andThen(this::noteInvalidation)
                .otherwiseEmpty();
    }

    public Future<Void> invalidateAll() {
        parsed.clear();
        return redis.send(Command.INCR, allGen()).<Void>mapEmpty()
                .andThen(this::noteInvalidation)
                .otherwiseEmpty();
    }

    /** Warns once per Redis outage, not once per change made during it. */
    private void noteInvalidation(io.vertx.core.AsyncResult<Void> ar) {
        if (ar.succeeded()) {
            invalidationFailing.set(false);
        } else if (invalidationFailing.compareAndSet(false, true)) {
            LOG.warning("Redis unreachable while invalidating entitlements; lookups use PostgreSQL meanwhile");
        }
    }

    private String entryKey(UUID userId) {
        return redis.key("ent:" + userId);
    }

    private String leaseKey(UUID deviceId) {
        return redis.key("lease:" + deviceId);
    }

    private String userGen(UUID userId) {
        return redis.key("gen:" + userId);
    }

    private String allGen() {
        return redis.key("gen:all");
    }

    private static String str(Response r) {
        return r == null ? "0" : r.toString();
    }
}
