package dev.latchkey.server.devices;

import dev.latchkey.protocol.hwid.HwidComponents;
import dev.latchkey.protocol.hwid.HwidMatcher;
import dev.latchkey.server.accounts.User;
import dev.latchkey.server.accounts.UserRepository;
import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.ErrorCode;
import dev.latchkey.server.licensing.LicenseCache;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Recognises a user's machines by the shared HWID rule and enforces the device limit. */
public final class DeviceService {

    private final Pool pool;
    private final DeviceRepository devices;
    private final UserRepository users;
    private final HwidBlacklistRepository blacklist;
    private final LicenseCache entitlements;

    public DeviceService(Pool pool, DeviceRepository devices, UserRepository users, HwidBlacklistRepository blacklist,
                         LicenseCache entitlements) {
        this.pool = pool;
        this.devices = devices;
        this.users = users;
        this.blacklist = blacklist;
        this.entitlements = entitlements;
    }

    /** What a sign-in did to the user's devices. */
    public record Binding(UUID deviceId, boolean created, boolean componentsChanged) {
    }

    /**
     * Finds the known device the fingerprint belongs to (updating its stored components and
     * history when parts changed) or registers a new one within the user's limit.
     */
    public Future<Binding> bind(User user, HwidComponents presented, String deviceName) {
        return refuseBlacklisted(presented)
                // Why lock the user row: two sign-ins of new machines at once must not both fit under max_devices.
                .compose(v -> pool.withTransaction(tx -> users.lock(tx, user.id()).compose(locked -> {
                    int limit = locked.map(User::maxDevices).orElse(user.maxDevices());
                    return devices.activeOf(tx, user.id()).compose(known -> bindLocked(tx, user, known, limit, presented, deviceName));
                })))
                .compose(b -> b.created() ? entitlements.invalidate(user.id()).map(b) : Future.succeededFuture(b));
    }

    /** HWID_BLACKLISTED when the fingerprint matches a blacklisted one under the same 70% rule. */
    public Future<Void> refuseBlacklisted(HwidComponents presented) {
        return blacklist.all().compose(entries -> {
            for (HwidBlacklistRepository.Entry e : entries) {
                if (HwidMatcher.compare(e.components(), presented).sameDevice()) {
                    return Future.failedFuture(new ApiException(ErrorCode.HWID_BLACKLISTED, "This device is blocked"));
                }
            }
            return Future.succeededFuture();
        });
    }

    private Future<Binding> bindLocked(SqlConnection tx, User user, List<Device> known, int limit,
                                       HwidComponents presented, String name) {
        Device best = null;
        double bestRatio = -1;
        for (Device d : known) {
            HwidMatcher.Comparison c = HwidMatcher.compare(d.components(), presented);
            if (c.sameDevice() && c.ratio() > bestRatio) {
                best = d;
                bestRatio = c.ratio();
            }
        }
        if (best != null) {
            Device device = best;
            HwidComponents merged = merge(device.components(), presented);
            boolean changed = !merged.equals(device.components());
            Future<Void> history = changed
                    ? devices.history(tx, device.id(), user.id(), "hwid_changed", device.components(), merged, user.id())
                    : Future.succeededFuture();
            return history.compose(v -> devices.seen(tx, device.id(), merged, name))
                    .map(v -> new Binding(device.id(), false, changed));
        }
        if (known.size() >= limit) {
            return Future.failedFuture(new ApiException(ErrorCode.DEVICE_LIMIT_REACHED,
                    "This account already uses its " + limit + " device" + (limit == 1 ? "" : "s")
                            + "; deactivate one or ask an administrator"));
        }
        UUID id = UUID.randomUUID();
        return devices.insert(tx, id, user.id(), name, presented)
                .compose(d -> devices.history(tx, id, user.id(), "registered", null, presented, user.id()))
                .map(v -> new Binding(id, true, false));
    }

    /** Presented values win; components the client did not send this time are kept. */
    static HwidComponents merge(HwidComponents known, HwidComponents presented) {
        Map<String, String> m = new TreeMap<>(known.asMap());
        m.putAll(presented.asMap());
        if (m.size() > HwidComponents.MAX_COMPONENTS) {
            return presented;
        }
        return HwidComponents.of(m);
    }

    /** Unbinds every device of the user (admin HWID reset): the next sign-in registers afresh. */
    public Future<List<Device>> resetAll(UUID userId, UUID actorId) {
        return resetAll(userId, actorId, "admin_reset");
    }

    /** Deactivates every device of the user, frees their seats, records why in the HWID history. */
    public Future<List<Device>> resetAll(UUID userId, UUID actorId, String reason) {
        return pool.withTransaction(tx -> devices.deactivateAll(tx, userId).compose(list -> {
            Future<Void> chain = Future.succeededFuture();
            for (Device d : list) {
                chain = chain.compose(v -> devices.history(tx, d.id(), userId, reason, d.components(), null, actorId));
            }
            return chain.map(v -> list);
        })).compose(list -> entitlements.invalidate(userId).map(list));
    }

    public DeviceRepository repository() {
        return devices;
    }
}
