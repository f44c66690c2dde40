package dev.latchkey.server.licensing;

import dev.latchkey.protocol.license.LicenseKeyFormat;
import dev.latchkey.server.accounts.UserService;
import dev.latchkey.server.audit.AuditEvent;
import dev.latchkey.server.audit.AuditService;
import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.ClientInfo;
import dev.latchkey.server.http.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** Issuing, finding, changing and redeeming licenses. Every change is audited and reaches heartbeats at once. */
public final class LicenseService {

    public static final int MAX_BATCH = 10_000;
    private static final Pattern FEATURE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private final LicenseRepository licenses;
    private final ProductService products;
    private final LicenseKeyHasher hasher;
    private final LicenseCache cache;
    private final FailureBudget redeemBudget;
    private final AuditService audit;
    private final SecureRandom random = new SecureRandom();

    public LicenseService(LicenseRepository licenses, ProductService products, LicenseKeyHasher hasher, LicenseCache cache,
                          FailureBudget redeemBudget, AuditService audit) {
        this.licenses = licenses;
        this.products = products;
        this.hasher = hasher;
        this.cache = cache;
        this.redeemBudget = redeemBudget;
        this.audit = audit;
    }

    /** A batch to issue; validated on construction. */
    public record Batch(UUID productId, int count, OffsetDateTime expiresAt, Integer durationDays, int maxActivations,
                        List<String> features, String note) {
        public Batch {
            if (count < 1 || count > MAX_BATCH) {
                throw ApiException.validation("count must be between 1 and " + MAX_BATCH);
            }
            if (expiresAt != null && durationDays != null) {
                throw ApiException.validation("give expires_at or duration_days, not both");
            }
            if (expiresAt != null && !expiresAt.toInstant().isAfter(Instant.now())) {
                throw ApiException.validation("expires_at must be in the future");
            }
            if (durationDays != null && (durationDays < 1 || durationDays > 36500)) {
                throw ApiException.validation("duration_days must be between 1 and 36500");
            }
            if (maxActivations < 0 || maxActivations > 100_000) {
                throw ApiException.validation("max_activations must be between 0 and 100000");
            }
            features = checkFeatures(features);
            if (note != null && note.length() > 500) {
                throw ApiException.validation("note must be at most 500 characters");
            }
        }
    }

    /** A license just issued, with the one and only copy of its key. */
    public record Issued(License license, String key) {
        @Override
        public String toString() {
            return "Issued[" + license.id() + "]";
        }
    }

    public Future<List<Issued>> issue(Batch b, UserService.Actor actor) {
        return products.get(b.productId()).compose(product -> {
            List<LicenseRepository.NewKey> rows = new ArrayList<>(b.count());
            List<String> keys = new ArrayList<>(b.count());
            for (int i = 0; i < b.count(); i++) {
                String display = LicenseKeyFormat.generate(random);
                String canonical = display.replace("-", "");
                keys.add(display);
                rows.add(new LicenseRepository.NewKey(UUID.randomUUID(), hasher.hash(canonical), LicenseKeyFormat.lastFour(canonical)));
            }
            return licenses.insertBatch(product.id(), b.expiresAt(), b.durationDays(), b.maxActivations(), b.features(), b.note(), rows)
                    .map(inserted -> {
                        java.util.Map<UUID, String> byId = new java.util.HashMap<>();
                        for (int i = 0; i < rows.size(); i++) {
                            byId.put(rows.get(i).id(), keys.get(i));
                        }
                        List<Issued> out = new ArrayList<>(inserted.size());
                        inserted.forEach(l -> out.add(new Issued(l, byId.get(l.id()))));
                        return out;
                    })
                    .compose(out -> audit.record(AuditEvent.of("license.issue", AuditEvent.Outcome.SUCCESS)
                            .actor(actor.id(), actor.name()).target("product", product.id()).client(actor.client())
                            .detail("count", out.size()).detail("max_activations", b.maxActivations())
                            .detail("duration_days", b.durationDays())
                            .detail("expires_at", b.expiresAt() == null ? null : b.expiresAt().toInstant().toString())
                            .build()).map(out));
        });
    }

    public Future<dev.latchkey.server.lists.ListPage> list(UUID productId, UUID userId, String status,
                                                          dev.latchkey.server.lists.PageRequest page) {
        if (status != null && !License.STATUSES.contains(status)) {
            return Future.failedFuture(ApiException.validation("status must be one of " + License.STATUSES));
        }
        return licenses.list(productId, userId, status, page);
    }

    public Future<JsonObject> get(UUID id) {
        return licenses.find(id).map(l -> l.orElseThrow(() -> ApiException.notFound("License")))
                .compose(l -> licenses.activations(id).map(a -> l.toJson(Instant.now()).put("activations", a)));
    }

    /** A change by an admin: suspend, reinstate, revoke, extend (or shorten), change the seat limit. */
    public record Change(String status, boolean setExpiry, OffsetDateTime expiresAt, Integer maxActivations) {
        public Change {
            if (status != null && !List.of("active", "suspended", "revoked").contains(status)) {
                throw ApiException.validation("status must be active, suspended or revoked");
            }
            if (maxActivations != null && (maxActivations < 0 || maxActivations > 100_000)) {
                throw ApiException.validation("max_activations must be between 0 and 100000");
            }
            if (status == null && !setExpiry && maxActivations == null) {
                throw ApiException.validation("Nothing to change: give status, expires_at or max_activations");
            }
        }
    }

    public Future<License> update(UUID id, Change c, UserService.Actor actor) {
        return licenses.find(id).map(l -> l.orElseThrow(() -> ApiException.notFound("License"))).compose(before -> {
            if ("revoked".equals(before.status()) && c.status() != null && !"revoked".equals(c.status())) {
                return Future.failedFuture(new ApiException(ErrorCode.CONFLICT, "A revoked license cannot be reinstated"));
            }
            String status = c.status();
            // Extending an expired license brings it back, unless it was also suspended or revoked.
            if (status == null && c.setExpiry() && "expired".equals(before.status())
                    && (c.expiresAt() == null || c.expiresAt().toInstant().isAfter(Instant.now()))) {
                status = "active";
            }
            return licenses.update(id, status, c.setExpiry(), c.expiresAt(), c.maxActivations())
                    .map(l -> l.orElseThrow(() -> ApiException.notFound("License")))
                    .compose(after -> cache.invalidate(after.userId()).map(after))
                    .compose(after -> audit.record(AuditEvent.of(action(before, after, c), AuditEvent.Outcome.SUCCESS)
                            .actor(actor.id(), actor.name()).target("license", id).client(actor.client())
                            .detail("status", after.status()).detail("previous_status", before.status())
                            .detail("expires_at", License.iso(after.expiresAt()))
                            .detail("max_activations", c.maxActivations()).build()).map(after));
        });
    }

    private static String action(License before, License after, Change c) {
        if (!before.status().equals(after.status())) {
            return switch (after.status()) {
                case "suspended" -> "license.suspend";
                case "revoked" -> "license.revoke";
                default -> "license.reinstate";
            };
        }
        return c.setExpiry() ? "license.extend" : "license.update";
    }

    /** Binds an unredeemed key to the caller. A key redeems once; wrong keys use up the caller's budget. */
    public Future<License> redeem(UUID userId, String key, ClientInfo client) {
        String canonical = canonical(key);
        String subject = "user:" + userId;
        return redeemBudget.check(subject)
                .compose(v -> redeemIn(licenses.pool(), canonical, userId))
                .recover(err -> refused(err, subject, userId, client))
                .compose(l -> cache.invalidate(userId).map(l))
                .compose(l -> audit.record(AuditEvent.of("license.redeem", AuditEvent.Outcome.SUCCESS).actor(userId, null)
                        .target("license", l.id()).client(client).build()).map(l));
    }

    /** The key as typed, checked for typos (check symbol) without touching the database. */
    public static String canonical(String key) {
        return LicenseKeyFormat.canonical(key).orElseThrow(() -> ApiException.validation(
                "This is not a valid license key; check it for typos"));
    }

    /** Redeems within the caller's transaction (sign-up creates the user and redeems in one). */
    Future<License> redeemIn(SqlClient client, String canonical, UUID userId) {
        byte[] hash = hasher.hash(canonical);
        return licenses.redeem(client, hash, userId).compose(redeemed -> {
            if (redeemed.isPresent()) {
                return Future.succeededFuture(redeemed.get());
            }
            return licenses.findByHash(client, hash).compose(found -> {
                if (found.isEmpty()) {
                    return Future.failedFuture(new ApiException(ErrorCode.LICENSE_NOT_FOUND, "No such license key"));
                }
                License l = found.get();
                if (userId.equals(l.userId())) {
                    return Future.succeededFuture(l);
                }
                if (l.userId() != null) {
                    return Future.failedFuture(new ApiException(ErrorCode.CONFLICT, "This license key has already been redeemed"));
                }
                return Future.failedFuture(statusError(l.effectiveStatus(Instant.now())));
            });
        });
    }

    Future<License> refused(Throwable err, String subject, UUID userId, ClientInfo client) {
        if (!(err instanceof ApiException api) || api.code() == ErrorCode.RATE_LIMITED) {
            return Future.failedFuture(err);
        }
        Future<Void> counted = api.code() == ErrorCode.LICENSE_NOT_FOUND ? redeemBudget.fail(subject) : Future.succeededFuture();
        return counted.compose(v -> audit.record(AuditEvent.of("license.redeem", AuditEvent.Outcome.FAILURE).actor(userId, null)
                        .client(client).detail("reason", api.code().name()).build()))
                .compose(v -> Future.failedFuture(err));
    }

    FailureBudget budget() {
        return redeemBudget;
    }

    public static ApiException statusError(String status) {
        return switch (status) {
            case "expired" -> new ApiException(ErrorCode.LICENSE_EXPIRED, "This license has expired");
            case "suspended" -> new ApiException(ErrorCode.LICENSE_SUSPENDED, "This license is suspended");
            case "revoked" -> new ApiException(ErrorCode.LICENSE_REVOKED, "This license has been revoked");
            default -> new ApiException(ErrorCode.LICENSE_NOT_FOUND, "No such license key");
        };
    }

    static List<String> checkFeatures(List<String> features) {
        if (features == null) {
            return List.of();
        }
        if (features.size() > 50) {
            throw ApiException.validation("at most 50 features");
        }
        for (String f : features) {
            if (f == null || !FEATURE.matcher(f).matches()) {
                throw ApiException.validation("features are 1-64 of letters, digits and _ . : -");
            }
        }
        return List.copyOf(new java.util.LinkedHashSet<>(features));
    }
}
