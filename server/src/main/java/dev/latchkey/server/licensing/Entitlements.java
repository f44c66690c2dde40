package dev.latchkey.server.licensing;

import java.util.List;
import java.util.UUID;

/**
 * Everything a heartbeat, a download or a sign-in needs to know about one user on one device, in one
 * cacheable piece: whether the account is blocked, whether the device is active, and each of the user's
 * licenses with its product's timing, its seat count and whether it is activated on this device.
 *
 * <p>Why per device and not per user: every question asked of it is about one device, and a license's seats
 * are then two numbers instead of the list of every device holding one (a site license's list would be the
 * size of the site).
 *
 * @param deviceActive false too for a principal without a device (web sessions, admin automation)
 */
public record Entitlements(boolean blocked, boolean deviceActive, List<Entry> licenses) {

    public Entitlements {
        licenses = List.copyOf(licenses);
    }

    /**
     * A license as the device sees it; {@code expiresAt} in epoch seconds, null for none.
     *
     * @param activations   devices the license is activated on, this one included
     * @param activatedHere whether this device is one of them
     */
    public record Entry(UUID id, UUID productId, String product, String status, Long expiresAt, Integer durationDays,
                        int maxActivations, int activations, boolean activatedHere, List<String> features, int interval,
                        int grace) {

        public Entry {
            features = List.copyOf(features);
        }

        /** Status at {@code nowSeconds}; expiry is enforced on every check, not only by the job. */
        public String statusAt(long nowSeconds) {
            if ("active".equals(status) && expiresAt != null && expiresAt <= nowSeconds) {
                return "expired";
            }
            return status;
        }

        /** Whether this device may still take a seat of it (it has none yet and one is free). */
        public boolean seatFree() {
            return !activatedHere && activations < maxActivations;
        }
    }
}
