package dev.latchkey.server.licensing;

import dev.latchkey.protocol.lease.Lease;
import dev.latchkey.protocol.lease.LeaseLicense;
import dev.latchkey.protocol.lease.LeaseSigner;
import dev.latchkey.server.auth.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hot path: decides from cached {@link Entitlements} (no PostgreSQL unless a license must be
 * activated on this device for the first time) whether the caller's licenses are good on this
 * device, and signs a lease covering the offline grace period.
 */
public final class HeartbeatService {

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
     * The content digest last computed for each device, with what it was computed from: serialising and
     * hashing the lease content was a sixth of a heartbeat's CPU, while the content rarely changes. A hit
     * needs the same subject, licenses (ids, products, expiries, features) and grace, compared field by field.
     */
    private final ConcurrentHashMap<UUID, Digest> digests = new ConcurrentHashMap<>();
    static final int DIGESTS_MAX = 50_000;

    private record Digest(String subject, List<LeaseLicense> licenses, int grace, String value) {
    }

    /**
     * {@code leaseReuse}: a lease signed less than this long ago (and at most a tenth of its grace period ago)
     * is handed out again when it would say exactly the same; zero signs on every heartbeat.
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

    /** Starts the cache read a heartbeat of {@code p} needs, before the caller is fully authenticated; null if none. */
    public Future<LicenseCache.Lookup> prefetch(Principal p) {
        return p.deviceId() == null ? null : cache.lookup(p.userId(), p.deviceId());
    }

    /** {@code prefetched}: what {@link #prefetch} returned for {@code p}, or null to read now. */
    public Future<JsonObject> beat(Principal p, Future<LicenseCache.Lookup> prefetched) {
        // A full license on a heartbeat is a standing state, not an attempt: only sign-in refusals feed the flagging rule.
        return evaluate(p, prefetched).map(answer -> {
            metrics.heartbeat(answer.getBoolean("valid"), answer.getString("code"));
            return answer;
        });
    }

    private Future<JsonObject> evaluate(Principal p, Future<LicenseCache.Lookup> prefetched) {
        if (p.deviceId() == null) {
            return Future.succeededFuture(refusal("DEVICE_DEACTIVATED", "This token has no device: sign in from the client"));
        }
        Future<LicenseCache.Lookup> lookup = prefetched != null ? prefetched : cache.lookup(p.userId(), p.deviceId());
        return lookup.compose(found -> {
            Entitlements e = found.entitlements();
            if (e.blocked()) {
                return Future.succeededFuture(refusal("ACCOUNT_BLOCKED", "This account is blocked"));
            }
            if (!Boolean.TRUE.equals(e.devices().get(p.deviceId()))) {
                return Future.succeededFuture(refusal("DEVICE_DEACTIVATED", "This device has been deactivated; sign in again"));
            }
            lastSeen.seen(p.deviceId());
            return activateMissing(p, e).map(activated -> answer(p, e, activated, found.reusableLease()));
        });
    }

    /** Activates, on this device, every active license not yet activated on it (first use). */
    private Future<List<UUID>> activateMissing(Principal p, Entitlements e) {
        long now = Instant.now().getEpochSecond();
        List<UUID> activated = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        for (Entitlements.Entry l : e.licenses()) {
            // Why skip a license the cache shows full: its activation would take the row lock only to refuse, on every
            // beat of every device beyond the limit. A freed seat bumps the generation, so a stale "full" is reloaded.
            if ("active".equals(l.statusAt(now)) && !l.devices().contains(p.deviceId())
                    && l.devices().size() < l.maxActivations()) {
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

    private JsonObject answer(Principal p, Entitlements e, List<UUID> newlyActivated, String reusable) {
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
            } else if (!l.devices().contains(p.deviceId()) && !newlyActivated.contains(l.id())) {
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
        String lease = lease(p, good, now, grace, reusable);
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
     */
    private String lease(Principal p, List<LeaseLicense> good, long now, int grace, String reusable) {
        String sub = p.userId().toString();
        String did = p.deviceId().toString();
        long window = Math.min(leaseReuseSeconds, grace / 10);
        if (window < 1) {
            return signer.sign(new Lease(sub, did, good, now, now + grace));
        }
        String digest = digest(p.deviceId(), sub, did, good, grace);
        if (reusable != null && reusable.length() > digest.length() && reusable.startsWith(digest)
                && reusable.charAt(digest.length()) == ' ') {
            return reusable.substring(digest.length() + 1);
        }
        String signed = signer.sign(new Lease(sub, did, good, now, now + grace));
        // Why a jittered lifetime: devices that first beat together (a fleet started at once, every device after an
        // admin change touching everyone) would otherwise all need a new signature in the same second again.
        long ttl = window - java.util.concurrent.ThreadLocalRandom.current().nextLong(window / 4 + 1);
        cache.rememberLease(p.deviceId(), digest + " " + signed, Math.max(1, ttl));
        return signed;
    }

    private String digest(UUID deviceId, String sub, String did, List<LeaseLicense> good, int grace) {
        Digest known = digests.get(deviceId);
        if (known != null && known.grace() == grace && known.subject().equals(sub) && known.licenses().equals(good)) {
            return known.value();
        }
        String value = signer.contentDigest(sub, did, good, grace);
        if (digests.size() >= DIGESTS_MAX) {
            digests.clear();
        }
        digests.put(deviceId, new Digest(sub, List.copyOf(good), grace, value));
        return value;
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
