package dev.latchkey.server.licensing;

import dev.latchkey.server.auth.Principal;
import dev.latchkey.server.auth.SessionCache;
import dev.latchkey.server.auth.SessionCheck;
import dev.latchkey.server.infra.RedisStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * A device's {@link Entitlements}, cached in its session's Redis entry ({@link SessionCache}), so a heartbeat
 * reads one key and touches neither PostgreSQL nor this node's memory: a fleet of any size costs the heap nothing.
 *
 * <p>Invalidation bumps a generation counter ({@code gen:<user>}, or {@code gen:all} for changes that touch
 * everyone, such as a product's grace period). An entry carries the generations it was loaded under, read before
 * the database query; a lookup that sees other generations reloads. So a load racing an admin change can never
 * leave stale data behind, and every node sees the change on its next heartbeat because the counters live in the
 * shared Redis. Entries change only when something changes: they live as long as the session's entry (as long as
 * its access token can, extended on refresh), and are reloaded once older than {@link #MAX_AGE_SECONDS} (or two
 * heartbeat intervals of their slowest product, if longer) as a bound on what a lost invalidation could leave.
 */
public final class LicenseCache {

    private static final Logger LOG = Logger.getLogger(LicenseCache.class.getName());
    private static final long GEN_TTL_SECONDS = 7 * 86400;
    /** Longest an entry is trusted while its generations match; far above any heartbeat interval it must outlive. */
    static final long MAX_AGE_SECONDS = 6 * 3600;
    /** Users whose invalidation waits for Redis at most; beyond it everyone's entitlements are invalidated instead. */
    static final int PENDING_MAX = 10_000;

    private final RedisStore redis;
    private final SessionCache sessions;
    private final EntitlementsRepository repository;
    /**
     * Invalidations Redis did not take, retried every second until it does: an admin change must reach the
     * cache, whose entries otherwise live for hours.
     */
    private final Set<UUID> pendingUsers = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean pendingAll = new AtomicBoolean();
    private final AtomicBoolean invalidationFailing = new AtomicBoolean();
    private final long timerId;
    private final Vertx vertx;

    public LicenseCache(Vertx vertx, RedisStore redis, SessionCache sessions, EntitlementsRepository repository) {
        this.vertx = vertx;
        this.redis = redis;
        this.sessions = sessions;
        this.repository = repository;
        this.timerId = vertx.setPeriodic(1000, t -> retryPending());
    }

    /**
     * What a heartbeat or a download reads for its caller: whether the session is live, the device's entitlements
     * and the lease slot of the session's entry (null when none is stored).
     */
    public record Lookup(boolean sessionLive, Entitlements entitlements, byte[] leaseSlot) implements SessionCheck {

        static final Lookup ENDED = new Lookup(false, null, null);
    }

    /**
     * The caller's entitlements on its device, from one Redis round trip (the generations and the session's entry);
     * on a miss, a stale entry or a Redis failure, from one PostgreSQL statement that also checks the session.
     */
    public Future<Lookup> lookup(Principal p) {
        long now = Instant.now().getEpochSecond();
        return redis.send(Command.MGET, userGen(p.userId()), allGen(), sessions.key(p.sessionId())).compose(r -> {
            String userGen = str(r.get(0));
            String allGen = str(r.get(1));
            SessionCache.Entry entry = SessionCache.Entry.parse(r.get(2));
            if (entry.state() == SessionCache.State.REVOKED) {
                return Future.succeededFuture(Lookup.ENDED);
            }
            if (entry.state() == SessionCache.State.LIVE) {
                CachedEntitlements cached = CachedEntitlements.decode(entry.body());
                if (cached != null && cached.userGen().equals(userGen) && cached.allGen().equals(allGen) && fresh(cached, now)) {
                    return Future.succeededFuture(new Lookup(true, cached.entitlements(), entry.slot()));
                }
            }
            return load(p, userGen, allGen, entry.slot(), now, true);
        }, redisDown -> load(p, null, null, null, now, false));
    }

    /** A user's entitlements on a device, from PostgreSQL (sign-in, where nothing is cached for the device yet). */
    public Future<Entitlements> load(UUID userId, UUID deviceId) {
        return repository.load(userId, deviceId);
    }

    private static boolean fresh(CachedEntitlements cached, long now) {
        long bound = MAX_AGE_SECONDS;
        for (Entitlements.Entry e : cached.entitlements().licenses()) {
            bound = Math.max(bound, 2L * e.interval());
        }
        return now - cached.loadedAt() < bound && cached.loadedAt() <= now + 60;
    }

    /** PostgreSQL's answer, stored in the session's entry unless {@code store} is false (Redis down). */
    private Future<Lookup> load(Principal p, String userGen, String allGen, byte[] slot, long now, boolean store) {
        return repository.ofSession(p.sessionId(), p.deviceId()).compose(found -> {
            Optional<EntitlementsRepository.SessionView> view = found.filter(v -> v.userId().equals(p.userId()));
            if (view.isEmpty() || !view.get().live(Instant.ofEpochSecond(now))) {
                Future<Void> remembered = store ? sessions.rememberRevoked(p.sessionId()) : Future.succeededFuture();
                return remembered.map(Lookup.ENDED);
            }
            Entitlements e = view.get().entitlements();
            Lookup answer = new Lookup(true, e, slot);
            if (!store) {
                return Future.succeededFuture(answer);
            }
            byte[] body;
            try {
                body = new CachedEntitlements(userGen, allGen, now, e).encode();
            } catch (IllegalArgumentException tooLarge) {
                return Future.succeededFuture(answer);
            }
            return sessions.fill(p.sessionId(), body, p.expiresAt() - now).map(answer);
        });
    }

    /**
     * Remembers the device's last lease in its session's entry; best effort (a lost write only means the next
     * heartbeat signs again). The slot is opaque here: HeartbeatService owns its layout.
     */
    public void rememberLease(UUID sessionId, byte[] slot) {
        sessions.writeSlot(sessionId, slot);
    }

    /** Everything cached about this user is stale from now on, on every node. */
    public Future<Void> invalidate(UUID userId) {
        if (userId == null) {
            return Future.succeededFuture();
        }
        return bump(userId).recover(err -> {
            queue(userId);
            return Future.succeededFuture();
        });
    }

    public Future<Void> invalidateAll() {
        return bumpAll().recover(err -> {
            pendingAll.set(true);
            return Future.succeededFuture();
        });
    }

    private Future<Void> bump(UUID userId) {
        String gen = userGen(userId);
        return redis.batch(List.of(Request.cmd(Command.INCR, gen), Request.cmd(Command.EXPIRE, gen, GEN_TTL_SECONDS)))
                .<Void>mapEmpty().andThen(this::noteInvalidation);
    }

    private Future<Void> bumpAll() {
        return redis.send(Command.INCR, allGen()).<Void>mapEmpty().andThen(this::noteInvalidation);
    }

    private void queue(UUID userId) {
        if (pendingUsers.size() >= PENDING_MAX) {
            pendingAll.set(true);
        } else {
            pendingUsers.add(userId);
        }
    }

    /** Sends the invalidations Redis refused, oldest state first; whatever fails again waits for the next tick. */
    private void retryPending() {
        if (pendingAll.getAndSet(false)) {
            // Everyone's entries are stale once gen:all moves: the users' own bumps are no longer needed.
            pendingUsers.clear();
            bumpAll().onFailure(e -> pendingAll.set(true));
            return;
        }
        for (UUID u : pendingUsers) {
            pendingUsers.remove(u);
            bump(u).onFailure(e -> queue(u));
        }
    }

    /** Warns once per Redis outage, not once per change made during it. */
    private void noteInvalidation(io.vertx.core.AsyncResult<Void> ar) {
        if (ar.succeeded()) {
            if (invalidationFailing.compareAndSet(true, false)) {
                LOG.info("Redis takes entitlement invalidations again");
            }
        } else if (invalidationFailing.compareAndSet(false, true)) {
            LOG.warning("Redis unreachable while invalidating entitlements; retrying every second, lookups use PostgreSQL meanwhile");
        }
    }

    public void stop() {
        vertx.cancelTimer(timerId);
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
