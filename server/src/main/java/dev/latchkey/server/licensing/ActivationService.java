package dev.latchkey.server.licensing;

import dev.latchkey.server.audit.AuditEvent;
import dev.latchkey.server.audit.AuditService;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.UUID;

/** Activates a license on a device, within its {@code max_activations}, exactly once. */
public final class ActivationService {

    public enum Result { ACTIVATED, ALREADY, LIMIT_REACHED, NOT_USABLE }

    private final LicenseRepository licenses;
    private final LicenseCache cache;
    private final AuditService audit;

    public ActivationService(LicenseRepository licenses, LicenseCache cache, AuditService audit) {
        this.licenses = licenses;
        this.cache = cache;
        this.audit = audit;
    }

    /** At desktop sign-in: activates each usable license of the user on the device; full licenses are left for the heartbeat to report. */
    public Future<Void> activateAll(UUID userId, UUID deviceId) {
        return cache.load(userId, deviceId).compose(e -> {
            long now = java.time.Instant.now().getEpochSecond();
            Future<Void> chain = Future.succeededFuture();
            for (Entitlements.Entry l : e.licenses()) {
                if ("active".equals(l.statusAt(now)) && !l.activatedHere()) {
                    chain = chain.compose(v -> activate(l.id(), userId, deviceId).mapEmpty());
                }
            }
            return chain;
        });
    }

    public Future<Result> activate(UUID licenseId, UUID userId, UUID deviceId) {
        // Why the row lock: N+5 devices racing for N seats must yield exactly N activations.
        return licenses.pool().<Result>withTransaction(tx -> licenses.lock(tx, licenseId).compose(found -> {
            if (found.isEmpty() || !userId.equals(found.get().userId())
                    || !"active".equals(found.get().effectiveStatus(Instant.now()))) {
                return Future.succeededFuture(Result.NOT_USABLE);
            }
            License license = found.get();
            return licenses.isActiveOn(tx, licenseId, deviceId).compose(already -> {
                if (already) {
                    return Future.succeededFuture(Result.ALREADY);
                }
                return licenses.countActivations(tx, licenseId).compose(n -> n >= license.maxActivations()
                        ? Future.succeededFuture(Result.LIMIT_REACHED)
                        : licenses.activate(tx, licenseId, deviceId).map(Result.ACTIVATED));
            });
        })).compose(result -> {
            if (result != Result.ACTIVATED) {
                return Future.succeededFuture(result);
            }
            return cache.invalidate(userId).compose(v -> audit.record(AuditEvent.of("license.activate", AuditEvent.Outcome.SUCCESS)
                    .actor(userId, null).target("license", licenseId).detail("device_id", deviceId).build())).map(result);
        });
    }
}
