package dev.latchkey.server.devices;

import dev.latchkey.protocol.hwid.HwidComponents;
import dev.latchkey.protocol.hwid.HwidMatcher;
import dev.latchkey.server.audit.AuditEvent;
import dev.latchkey.server.audit.AuditService;
import dev.latchkey.server.auth.SessionService;
import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.ClientInfo;
import dev.latchkey.server.http.ErrorCode;
import dev.latchkey.server.licensing.LicenseCache;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What users and admins do to devices after sign-in: rename, deactivate (which frees the seats
 * it holds), reset every device of an account, and blacklist a fingerprint everywhere.
 * Self-service is rate-limited by cooldowns so a seat cannot be passed around all day.
 */
public final class DeviceManagementService {

    private final Pool pool;
    private final DeviceRepository devices;
    private final DeviceService binding;
    private final HwidBlacklistRepository blacklist;
    private final SessionService sessions;
    private final LicenseCache entitlements;
    private final AuditService audit;
    private final Duration selfDeactivateCooldown;
    private final Duration hwidResetCooldown;

    public DeviceManagementService(Pool pool, DeviceRepository devices, DeviceService binding, HwidBlacklistRepository blacklist,
                                   SessionService sessions, LicenseCache entitlements, AuditService audit,
                                   Duration selfDeactivateCooldown, Duration hwidResetCooldown) {
        this.pool = pool;
        this.devices = devices;
        this.binding = binding;
        this.blacklist = blacklist;
        this.sessions = sessions;
        this.entitlements = entitlements;
        this.audit = audit;
        this.selfDeactivateCooldown = selfDeactivateCooldown;
        this.hwidResetCooldown = hwidResetCooldown;
    }

    /** Who acts: a user on their own devices ({@code admin} false), or an administrator. */
    public record Actor(UUID id, boolean admin, ClientInfo client) {
    }

    public Future<JsonObject> own(UUID userId, UUID currentDevice) {
        return devices.own(userId, false).map(items -> {
            items.forEach(o -> ((JsonObject) o).put("current", currentDevice != null
                    && currentDevice.toString().equals(((JsonObject) o).getString("id"))));
            return new JsonObject().put("items", items).put("total", items.size());
        });
    }

    public Future<JsonObject> rename(UUID userId, UUID deviceId, String nickname) {
        if (nickname != null && (nickname.isBlank() || nickname.length() > 100)) {
            return Future.failedFuture(ApiException.validation("nickname must be 1-100 characters, or null to clear it"));
        }
        return devices.rename(deviceId, userId, nickname == null ? null : nickname.trim())
                .map(d -> d.orElseThrow(() -> ApiException.notFound("Device")).toJson());
    }

    /**
     * Deactivates a device and frees its seats. A user may free a seat of a given license at
     * most once per cooldown (429 with Retry-After otherwise); administrators always may.
     */
    public Future<JsonObject> deactivate(UUID deviceId, Actor actor) {
        return pool.<JsonObject>withTransaction(tx -> devices.lock(tx, deviceId).compose(found -> {
            if (found.isEmpty() || !actor.admin() && !found.get().userId().equals(actor.id())) {
                return Future.failedFuture(ApiException.notFound("Device"));
            }
            Device device = found.get();
            if (device.deactivatedAt() != null) {
                return Future.failedFuture(new ApiException(ErrorCode.CONFLICT, "This device is already deactivated"));
            }
            return devices.seatsOn(tx, deviceId).compose(seats -> {
                if (!actor.admin()) {
                    long wait = cooldownLeft(seats);
                    if (wait > 0) {
                        return Future.failedFuture(new ApiException(ErrorCode.RATE_LIMITED, "A seat of this license was freed "
                                + "recently; you can deactivate this device again later", (int) Math.min(wait, Integer.MAX_VALUE)));
                    }
                }
                Future<Void> mark = !actor.admin() && !seats.isEmpty() ? devices.markSelfDeactivation(tx, seats.keySet())
                        : Future.succeededFuture();
                return mark.compose(v -> devices.deactivate(tx, List.of(deviceId)))
                        .compose(v -> devices.history(tx, deviceId, device.userId(), actor.admin() ? "admin_deactivated" : "deactivated",
                                device.components(), null, actor.id()))
                        .map(v -> new JsonObject().put("device_id", deviceId.toString()).put("user_id", device.userId().toString())
                                .put("seats_freed", seats.size()));
            });
        })).compose(result -> entitlements.invalidate(UUID.fromString(result.getString("user_id")))
                .compose(v -> audit.record(AuditEvent.of("device.deactivate", AuditEvent.Outcome.SUCCESS)
                        .actor(actor.id(), null).target("device", deviceId).client(actor.client())
                        .detail("by_admin", actor.admin()).detail("seats_freed", result.getInteger("seats_freed")).build()))
                .map(result));
    }

    private long cooldownLeft(Map<UUID, OffsetDateTime> seats) {
        Instant now = Instant.now();
        long longest = 0;
        for (OffsetDateTime last : seats.values()) {
            if (last != null) {
                long left = Duration.between(now, last.toInstant().plus(selfDeactivateCooldown)).toSeconds();
                longest = Math.max(longest, left);
            }
        }
        return longest;
    }

    /** The user resets all their devices themself, at most once per cooldown; their desktop sessions end. */
    public Future<JsonObject> selfReset(UUID userId, ClientInfo client) {
        return pool.withTransaction(tx -> devices.claimUserReset(tx, userId, hwidResetCooldown.toSeconds()))
                .compose(claimed -> {
                    if (!claimed) {
                        return devices.nextUserReset(userId, hwidResetCooldown.toSeconds()).compose(next -> Future.failedFuture(
                                new ApiException(ErrorCode.RATE_LIMITED, "Devices can be reset once every "
                                        + hwidResetCooldown.toDays() + " days; next possible at " + next.toInstant(),
                                        (int) Math.max(1, Duration.between(Instant.now(), next.toInstant()).toSeconds()))));
                    }
                    return binding.resetAll(userId, userId, "user_reset")
                            .compose(list -> sessions.revokeAll(userId, "hwid_reset").map(ended -> new JsonObject()
                                    .put("devices_reset", list.size()).put("sessions_ended", ended.size())
                                    .put("next_reset_at", Instant.now().plus(hwidResetCooldown).toString())));
                })
                .compose(r -> audit.record(AuditEvent.of("device.hwid_reset", AuditEvent.Outcome.SUCCESS).actor(userId, null)
                        .target("user", userId).client(client).detail("devices_reset", r.getInteger("devices_reset")).build()).map(r));
    }

    /**
     * Blacklists a fingerprint: every active device on any account that matches it (70% rule) is
     * deactivated and its sessions end; sign-in from it is refused from now on.
     */
    public Future<JsonObject> blacklist(HwidComponents hwid, String reason, Actor actor) {
        if (reason != null && reason.length() > 200) {
            return Future.failedFuture(ApiException.validation("reason must be at most 200 characters"));
        }
        return blacklist.insert(UUID.randomUUID(), hwid, reason, actor.id()).compose(entry -> devices.allActive().compose(all -> {
            List<UUID> hits = new ArrayList<>();
            all.stream().filter(d -> HwidMatcher.compare(d.components(), hwid).sameDevice()).forEach(d -> hits.add(d.id()));
            Future<List<Device>> off = hits.isEmpty() ? Future.succeededFuture(List.of())
                    : pool.withTransaction(tx -> devices.deactivate(tx, hits));
            return off.compose(list -> sessions.revokeDevices(hits, "hwid_blacklisted").compose(ended -> {
                Future<Void> chain = Future.succeededFuture();
                for (Device d : list) {
                    chain = chain.compose(v -> entitlements.invalidate(d.userId()));
                }
                return chain.map(v -> entry.toJson().put("devices_deactivated", list.size()).put("sessions_ended", ended.size()));
            }));
        })).compose(r -> audit.record(AuditEvent.of("hwid.blacklist", AuditEvent.Outcome.SUCCESS).actor(actor.id(), null)
                .target("hwid_blacklist", r.getString("id")).client(actor.client()).detail("reason", reason)
                .detail("devices_deactivated", r.getInteger("devices_deactivated")).build()).map(r));
    }

    public Future<JsonObject> blacklisted() {
        return blacklist.all().map(list -> {
            JsonArray items = new JsonArray();
            list.forEach(e -> items.add(e.toJson()));
            return new JsonObject().put("items", items).put("total", list.size());
        });
    }

    public Future<Void> unblacklist(UUID id, Actor actor) {
        return blacklist.delete(id).compose(found -> found
                ? audit.record(AuditEvent.of("hwid.unblacklist", AuditEvent.Outcome.SUCCESS).actor(actor.id(), null)
                        .target("hwid_blacklist", id).client(actor.client()).build())
                : Future.failedFuture(ApiException.notFound("Blacklist entry")));
    }

    /** A device's fingerprint, for "blacklist this device" from the dashboard. */
    public Future<HwidComponents> fingerprintOf(UUID deviceId) {
        return devices.find(deviceId).map(d -> d.orElseThrow(() -> ApiException.notFound("Device")).components());
    }
}
