package dev.latchkey.plugins.license;

/**
 * The server's heartbeat answer {@code {valid, code, license_expiry, next_heartbeat_in, lease}}.
 *
 * @param valid           whether the server considers the license in force
 * @param code            server code, e.g. {@code OK} or {@code LICENSE_SUSPENDED}; may be null
 * @param licenseExpiry   ISO-8601 end of the license, or null
 * @param nextHeartbeatIn seconds until the server expects the next beat (0 when absent)
 * @param lease           compact JWS lease, or null
 */
public record HeartbeatReply(boolean valid, String code, String licenseExpiry, long nextHeartbeatIn, String lease) {
}
