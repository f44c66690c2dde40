package dev.latchkey.server.http;

/** The machine-readable error codes of the public contract, each with its HTTP status. */
public enum ErrorCode {
    VALIDATION_FAILED(400),
    INVALID_CREDENTIALS(401),
    TOKEN_INVALID(401),
    TOKEN_EXPIRED(401),
    TOKEN_REVOKED(401),
    ACCOUNT_BLOCKED(403),
    FORBIDDEN(403),
    IP_BLOCKED(403),
    HWID_MISMATCH(403),
    HWID_BLACKLISTED(403),
    DEVICE_LIMIT_REACHED(403),
    LICENSE_EXPIRED(403),
    LICENSE_SUSPENDED(403),
    LICENSE_REVOKED(403),
    LICENSE_NOT_FOUND(404),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    CONFLICT(409),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    RATE_LIMITED(429),
    INTERNAL_ERROR(500),
    SERVICE_UNAVAILABLE(503);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}
