package dev.latchkey.protocol.lease;

import java.util.List;
import java.util.Objects;

/**
 * The claims of a signed lease: who it is for, what it grants, and the window in which it counts.
 * Times are seconds since the epoch, as in JWT ({@code iat}, {@code exp}).
 *
 * @param subject   user id ({@code sub})
 * @param deviceId  device id ({@code did})
 * @param licenses  licenses the user holds on this device
 * @param issuedAt  server time when the lease was signed ({@code iat})
 * @param expiresAt end of the offline grace period ({@code exp}), exclusive
 */
public record Lease(String subject, String deviceId, List<LeaseLicense> licenses, long issuedAt, long expiresAt) {

    public Lease {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(deviceId, "deviceId");
        licenses = List.copyOf(licenses == null ? List.of() : licenses);
        if (expiresAt <= issuedAt) {
            throw new IllegalArgumentException("a lease must expire after it is issued");
        }
    }

    /** True when {@code epochSecond} lies in {@code [iat, exp)}. */
    public boolean covers(long epochSecond) {
        return epochSecond >= issuedAt && epochSecond < expiresAt;
    }
}
