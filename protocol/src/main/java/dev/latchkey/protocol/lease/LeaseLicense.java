package dev.latchkey.protocol.lease;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One license as carried inside a lease: {@code {id, product, status, expires_at, features}}.
 *
 * @param id        license id (UUID text)
 * @param product   product id or name, as the server chose to put it
 * @param status    server status word, e.g. {@code active}, {@code suspended}
 * @param expiresAt end of the license itself, or {@code null} for a perpetual license
 * @param features  feature flags granted by this license (may be empty)
 */
public record LeaseLicense(String id, String product, String status, Instant expiresAt, List<String> features) {

    /** Status word the server uses for a license in force. */
    public static final String ACTIVE = "active";

    public LeaseLicense {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(status, "status");
        features = List.copyOf(features == null ? List.of() : features);
    }

    /** True when the server marked it active and its own end date, if any, lies after {@code epochSecond}. */
    public boolean activeAt(long epochSecond) {
        return ACTIVE.equals(status) && (expiresAt == null || epochSecond < expiresAt.getEpochSecond());
    }
}
