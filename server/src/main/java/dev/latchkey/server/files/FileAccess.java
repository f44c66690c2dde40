package dev.latchkey.server.files;

import dev.latchkey.server.auth.Principal;
import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.ErrorCode;
import dev.latchkey.server.licensing.Entitlements;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Who may download a published file (docs/files.md, "Who sees what"):
 * <ol>
 *   <li>the caller's token belongs to a device that is still active (device-less tokens, such as admin
 *       automation tokens and web sessions, download nothing: the container key is bound to a device's token);</li>
 *   <li>the caller holds a license of the file's product that is {@code active} (not expired, suspended or
 *       revoked, expiry checked now) and activated on that device: a <em>usable</em> license;</li>
 *   <li>if the file requires a feature, a usable license carries it;</li>
 *   <li>channel {@code stable} is open to everyone; any other channel {@code c} only to role {@code vip} or
 *       {@code admin}, or when a usable license carries the feature {@code channel:c}.</li>
 * </ol>
 * Decided from the cached {@link Entitlements}, which every license, device or block change invalidates on
 * every node, so a revocation is seen by the very next request.
 */
final class FileAccess {

    /** Feature that opens a non-stable channel to holders of a license carrying it. */
    static final String CHANNEL_FEATURE_PREFIX = "channel:";

    private static final Set<String> CHANNEL_ROLES = Set.of("vip", "admin");

    private static final List<ErrorCode> PRIORITY =
            List.of(ErrorCode.LICENSE_SUSPENDED, ErrorCode.LICENSE_EXPIRED, ErrorCode.LICENSE_REVOKED);

    private FileAccess() {
    }

    /** Null when the caller may download {@code file}; otherwise why not, as the error to answer. */
    static ApiException refusal(Principal p, Entitlements e, StoredFile file, long nowSeconds) {
        if (e.blocked()) {
            return new ApiException(ErrorCode.ACCOUNT_BLOCKED, "This account is blocked");
        }
        if (p.deviceId() == null) {
            return ApiException.forbidden("Files are downloaded with a token of the desktop client (this token has no device)");
        }
        if (!e.deviceActive()) {
            return ApiException.forbidden("This device has been deactivated; sign in again");
        }
        List<Entitlements.Entry> usable = new ArrayList<>();
        boolean activeElsewhere = false;
        ErrorCode worst = null;
        for (Entitlements.Entry l : e.licenses()) {
            if (!l.productId().equals(file.productId())) {
                continue;
            }
            String status = l.statusAt(nowSeconds);
            if ("active".equals(status)) {
                if (l.activatedHere()) {
                    usable.add(l);
                } else {
                    activeElsewhere = true;
                }
            } else {
                worst = moreActionable(worst, status);
            }
        }
        if (usable.isEmpty()) {
            if (activeElsewhere) {
                return ApiException.forbidden("The license for this product is not activated on this device");
            }
            if (worst != null) {
                return new ApiException(worst, message(worst));
            }
            return ApiException.forbidden("No license for this product");
        }
        if (file.requiredFeature() != null && usable.stream().noneMatch(l -> l.features().contains(file.requiredFeature()))) {
            return ApiException.forbidden("This file requires the license feature '" + file.requiredFeature() + "'");
        }
        if (!channelOpen(p, usable, file.channel())) {
            return ApiException.forbidden("The '" + file.channel() + "' channel is not open to this account");
        }
        return null;
    }

    static boolean channelOpen(Principal p, List<Entitlements.Entry> usable, String channel) {
        if (StoredFile.STABLE.equals(channel) || CHANNEL_ROLES.contains(p.role())) {
            return true;
        }
        String feature = CHANNEL_FEATURE_PREFIX + channel;
        return usable.stream().anyMatch(l -> l.features().contains(feature));
    }

    /** Suspended first (it may be lifted), then expired (it may be renewed), revoked last (it is final). */
    private static ErrorCode moreActionable(ErrorCode current, String status) {
        ErrorCode candidate = switch (status) {
            case "suspended" -> ErrorCode.LICENSE_SUSPENDED;
            case "expired" -> ErrorCode.LICENSE_EXPIRED;
            default -> ErrorCode.LICENSE_REVOKED;
        };
        return current == null || PRIORITY.indexOf(candidate) < PRIORITY.indexOf(current) ? candidate : current;
    }

    private static String message(ErrorCode code) {
        return switch (code) {
            case LICENSE_SUSPENDED -> "The license for this product is suspended";
            case LICENSE_EXPIRED -> "The license for this product has expired";
            default -> "The license for this product has been revoked";
        };
    }
}
