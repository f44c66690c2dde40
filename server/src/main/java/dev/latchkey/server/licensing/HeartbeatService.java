package dev.latchkey.server.licensing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.protocol.lease.Lease;
import dev.latchkey.protocol.lease.LeaseLicense;
import dev.latchkey.protocol.lease.LeaseSigner;
import dev.latchkey.server.auth.Principal;
import dev.latchkey.server.auth.SessionCache;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The hot path: decides from cached {@link Entitlements} (no PostgreSQL unless a license must be
 * activated on this device for the first time) whether the caller's licenses are good on this
 * device, and signs a lease covering the offline grace period.
 */
public final class HeartbeatService {

    private static final int DIGEST_AT = 8;
    private static final int DIGEST_BYTES = 16;
    private static final int SIGNATURE_AT = DIGEST_AT + DIGEST_BYTES;
    /** How far ahead of this node's clock another node's lease may be dated and still be reused. */
    private static final long CLOCK_SKEW_SECONDS = 5;

    /** Order in which a problem is reported when no license is usable: the most actionable first. */
    private static final List<String> PRIORITY = List.of("DEVICE_LIMIT_REACHED", "LICENSE_SUSPENDED", "LICENSE_EXPIRED",
            "LICENSE_REVOKED", "LICENSE_NOT_FOUND");

    private final LicenseCache cache;
    private final ActivationService activations;
    private final LeaseSigner signer;
    private final LastSeenWriter lastSeen;
    private final dev.latchkey.server.ops.Metrics metrics;
    private final long leaseReuseSeconds;
    /**
     * The content digest last computed for each device, with what it was computed from, and the last lease handed
     * out to it: serialising and hashing the lease content was a sixth of a heartbeat's CPU, while the content rarely
     * changes. A hit needs the same subject, licenses (ids, products, expiries, features) and grace, compared field
     * by field. Bounded: a fleet larger than this costs a digest per beat, not heap.
     */
    private final Cache<UUID, Memo> memos = Caffeine.newBuilder().maximumSize(MEMO_MAX)
            // Why on the caller's thread: eviction work is a few list moves, cheaper than a hand-off to another pool.
            .executor(Runnable::run).build();
    static final int MEMO_MAX = 20_000;

    /** {@code lease}: the compact JWS last handed out for this content, signed at {@code iat} (null: none yet). */
    private record Memo(String subject, List<LeaseLicense> licenses, int grace, byte[] digest, long iat, String lease) {
    }

    /**
     * {@code leaseReuse}: a lease signed less than this long ago (and at most half its grace period ago) is handed
     * out again when it would say exactly the same; zero signs on every heartbeat.
     */
    public HeartbeatService(LicenseCache cache, ActivationService activations, LeaseSigner signer, LastSeenWriter lastSeen,
                            dev.latchkey.server.ops.Metrics metrics, java.time.Duration leaseReuse) {
        this.leaseReuseSeconds = leaseReuse.toSeconds();
        this.cache = cache;
        this.activations = activations;
        this.signer = signer;
        this.lastSeen = lastSeen;
        this.metrics = metrics;
    }

    public LeaseSigner signer() {
        return signer;
    }

    /** What a heartbeat of {@code p} reads, session check included (see {@code Authenticator.required(prefetch)}). */
    public Future<LicenseCache.Lookup> prefetch(Principal p) {
        return cache.lookup(p);
    }

    /** {@code found}: what {@link #prefetch} read for {@code p}, whose session it found live. */
    public Future<JsonObject> beat(Principal p, LicenseCache.Lookup found) {
        // A full license on a heartbeat is a standing state, not an attempt: only sign-in refusals feed the flagging rule.
        return evaluate(p, found).map(answer -> {
            metrics.heartbeat(answer.getBoolean("valid"), answer.getString("code"));
            return answer;
        });
    }

    private Future<JsonObject> evaluate(Principal p, LicenseCache.Lookup found) {
        if (p.deviceId() == null) {
            return Future.succeededFuture(refusal("DEVICE_DEACTIVATED", "This token has no device: sign in from the client"));
        }
        Entitlements e = found.entitlements();
        if (e.blocked()) {
            return Future.succeededFuture(refusal("ACCOUNT_BLOCKED", "This account is blocked"));
        }
        if (!e.deviceActive()) {
            return Future.succeededFuture(refusal("DEVICE_DEACTIVATED", "This device has been deactivated; sign in again"));
        }
        lastSeen.seen(p.deviceId());
        return activateMissing(p, e).map(activated -> answer(p, e, activated, found.leaseSlot()));
    }

    /** Activates, on this device, every active license not yet activated on it (first use). */
    private Future<List<UUID>> activateMissing(Principal p, Entitlements e) {
        long now = Instant.now().getEpochSecond();
        List<UUID> activated = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        for (Entitlements.Entry l : e.licenses()) {
            // Why skip a license the cache shows full: its activation would take the row lock only to refuse, on every
            // beat of every device beyond the limit. A freed seat bumps the generation, so a stale "full" is reloaded.
            if ("active".equals(l.statusAt(now)) && l.seatFree()) {
                chain = chain.compose(v -> activations.activate(l.id(), p.userId(), p.deviceId()).map(r -> {
                    if (r == ActivationService.Result.ACTIVATED || r == ActivationService.Result.ALREADY) {
                        activated.add(l.id());
                    }
                    return null;
                }));
            }
        }
        return chain.map(activated);
    }

    private JsonObject answer(Principal p, Entitlements e, List<UUID> newlyActivated, byte[] slot) {
        long now = Instant.now().getEpochSecond();
        List<LeaseLicense> good = new ArrayList<>();
        JsonArray details = new JsonArray();
        String problem = null;
        int interval = Integer.MAX_VALUE;
        int grace = Integer.MAX_VALUE;
        Long latestExpiry = null;
        boolean perpetual = false;
        for (Entitlements.Entry l : e.licenses()) {
            String status = l.statusAt(now);
            // A duration license activated just now had its clock started by the activation.
            Long expiresAt = l.expiresAt();
            if (expiresAt == null && l.durationDays() != null && newlyActivated.contains(l.id())) {
                expiresAt = now + l.durationDays() * 86400L;
            }
            String code;
            if (!"active".equals(status)) {
                code = "LICENSE_" + status.toUpperCase(java.util.Locale.ROOT);
            } else if (!l.activatedHere() && !newlyActivated.contains(l.id())) {
                code = "DEVICE_LIMIT_REACHED";
            } else {
                code = "OK";
                good.add(new LeaseLicense(l.id().toString(), l.productId().toString(), "active",
                        expiresAt == null ? null : Instant.ofEpochSecond(expiresAt), l.features()));
                interval = Math.min(interval, l.interval());
                grace = Math.min(grace, l.grace());
                if (expiresAt == null) {
                    perpetual = true;
                } else if (latestExpiry == null || expiresAt > latestExpiry) {
                    latestExpiry = expiresAt;
                }
            }
            if (!"OK".equals(code) && (problem == null || PRIORITY.indexOf(code) < PRIORITY.indexOf(problem))) {
                problem = code;
            }
            details.add(new JsonObject().put("id", l.id().toString()).put("product_id", l.productId().toString())
                    .put("product", l.product()).put("code", code)
                    .put("expires_at", expiresAt == null ? null : Instant.ofEpochSecond(expiresAt).toString())
                    .put("features", new JsonArray(l.features())));
        }
        if (good.isEmpty()) {
            return refusal(problem == null ? "LICENSE_NOT_FOUND" : problem, message(problem)).put("licenses", details);
        }
        // Why the smallest grace: a lease must not let any of its licenses run offline longer than its product allows.
        String lease = lease(p, good, now, grace, slot);
        return new JsonObject()
                .put("valid", true)
                .put("code", "OK")
                .put("license_expiry", perpetual || latestExpiry == null ? null : Instant.ofEpochSecond(latestExpiry).toString())
                .put("next_heartbeat_in", interval)
                .put("server_time", Instant.ofEpochSecond(now).toString())
                .put("lease", lease)
                .put("licenses", details);
    }

    /**
     * A lease for {@code good}: the one signed earlier when it says exactly the same (same licenses, features,
     * expiries and grace, same signing key) and is recent, else a new signature. Why reuse is safe: a change
     * to anything the lease says changes its digest, so a revoked or changed license is never served from
     * an old lease; the reused one only carries an earlier iat and exp, so it allows less offline time, never more.
     *
     * <p>The session's cache entry keeps the last lease as a slot of {@link SessionCache#SLOT} bytes: its iat (8), the
     * first 16 bytes of its content digest, and its signature (64); the JWS is rebuilt from the content, which is
     * what the digest says it was signed for. The whole JWS would have been 600 bytes of Redis per device.
     */
    private String lease(Principal p, List<LeaseLicense> good, long now, int grace, byte[] slot) {
        String sub = p.userId().toString();
        String did = p.deviceId().toString();
        long window = reuseWindow(grace);
        if (window < 1) {
            return signer.sign(new Lease(sub, did, good, now, now + grace));
        }
        Memo memo = memo(p.deviceId(), sub, did, good, grace);
        if (slot != null && slot.length == SessionCache.SLOT
                && java.util.Arrays.equals(slot, DIGEST_AT, SIGNATURE_AT, memo.digest(), 0, DIGEST_BYTES)) {
            long iat = ByteBuffer.wrap(slot).getLong(0);
            byte[] signature = java.util.Arrays.copyOfRange(slot, SIGNATURE_AT, SessionCache.SLOT);
            // Why a jittered window: devices that first beat together (a fleet started at once, every device after an
            // admin change touching everyone) would otherwise all need a new signature in the same second again.
            // Derived from the signature, so every node agrees on it without storing it.
            long jitter = ((signature[0] & 0xff) | (signature[1] & 0xff) << 8) % (window / 4 + 1);
            if (iat <= now + CLOCK_SKEW_SECONDS && now - iat < window - jitter) {
                if (memo.iat() == iat && memo.lease() != null) {
                    return memo.lease();
                }
                String reused = signer.compact(new Lease(sub, did, good, iat, iat + grace), signature);
                memos.put(p.deviceId(), new Memo(sub, memo.licenses(), grace, memo.digest(), iat, reused));
                return reused;
            }
        }
        String signed = signer.sign(new Lease(sub, did, good, now, now + grace));
        byte[] signature = java.util.Base64.getUrlDecoder().decode(signed.substring(signed.lastIndexOf('.') + 1));
        cache.rememberLease(p.sessionId(), ByteBuffer.allocate(SessionCache.SLOT).putLong(now)
                .put(memo.digest(), 0, DIGEST_BYTES).put(signature).array());
        memos.put(p.deviceId(), new Memo(sub, memo.licenses(), grace, memo.digest(), now, signed));
        return signed;
    }

    /** How long a lease may be handed out again: the configured reuse, at most half the grace period. */
    long reuseWindow(int grace) {
        return Math.min(leaseReuseSeconds, grace / 2);
    }

    private Memo memo(UUID deviceId, String sub, String did, List<LeaseLicense> good, int grace) {
        Memo known = memos.getIfPresent(deviceId);
        if (known != null && known.grace() == grace && known.subject().equals(sub) && known.licenses().equals(good)) {
            return known;
        }
        Memo fresh = new Memo(sub, List.copyOf(good), grace, signer.contentDigest(sub, did, good, grace), 0, null);
        memos.put(deviceId, fresh);
        return fresh;
    }

    private static JsonObject refusal(String code, String message) {
        return new JsonObject()
                .put("valid", false)
                .put("code", code)
                .put("message", message)
                .put("license_expiry", null)
                .put("next_heartbeat_in", ProductService.DEFAULT_HEARTBEAT)
                .put("server_time", Instant.now().toString())
                .put("lease", null);
    }

    private static String message(String code) {
        if (code == null) {
            return "No license: redeem a license key first";
        }
        return switch (code) {
            case "DEVICE_LIMIT_REACHED" -> "Every seat of this license is in use on other devices";
            case "LICENSE_SUSPENDED" -> "The license is suspended";
            case "LICENSE_EXPIRED" -> "The license has expired";
            case "LICENSE_REVOKED" -> "The license has been revoked";
            default -> "No license: redeem a license key first";
        };
    }
}
