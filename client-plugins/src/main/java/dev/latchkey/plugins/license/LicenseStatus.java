package dev.latchkey.plugins.license;

import dev.latchkey.protocol.lease.LeaseLicense;
import java.util.List;

/**
 * What the host currently allows: computed by {@link LeaseGuard}, never by a plugin.
 *
 * @param valid         true while a verified lease covers the present and grants at least one active license
 * @param code          {@code OK}, a server refusal code, or {@link #NO_LEASE} / {@link #GRACE_EXPIRED} /
 *                      {@link #NO_ACTIVE_LICENSE}
 * @param licenses      licenses usable now (empty when not valid)
 * @param secondsLeft   seconds until the current lease ends (0 when not valid)
 */
public record LicenseStatus(boolean valid, String code, List<LeaseLicense> licenses, long secondsLeft) {

    public static final String OK = "OK";
    /** No verified lease has been received yet. */
    public static final String NO_LEASE = "NO_LEASE";
    /** The last verified lease ran out: the offline grace period is over. */
    public static final String GRACE_EXPIRED = "GRACE_EXPIRED";
    /** The lease is current but none of its licenses is active. */
    public static final String NO_ACTIVE_LICENSE = "NO_ACTIVE_LICENSE";

    public LicenseStatus {
        licenses = List.copyOf(licenses);
    }

    /** Nothing usable, for the reason {@code code}. */
    public static LicenseStatus locked(String code) {
        return new LicenseStatus(false, code, List.of(), 0);
    }

    /** Whether any usable license grants {@code feature}. */
    public boolean hasFeature(String feature) {
        return licenses.stream().anyMatch(l -> l.features().contains(feature));
    }

    /** Same validity, code and licenses: what plugins are told about through {@code on_license_change}. */
    public boolean sameGrantAs(LicenseStatus other) {
        return other != null && valid == other.valid && code.equals(other.code) && licenses.equals(other.licenses);
    }
}
