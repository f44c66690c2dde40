package dev.latchkey.protocol.lease;

/** A lease was refused; {@link #reason()} says why in a form callers can branch on. */
public final class LeaseException extends Exception {

    /** Why a lease was refused. */
    public enum Reason {
        /** Not three base64url parts, bad base64, bad JSON, or too large. */
        MALFORMED,
        /** The header names another algorithm, or asks for extensions we do not implement. */
        UNSUPPORTED_HEADER,
        /** The Ed25519 signature does not verify against the pinned key. */
        BAD_SIGNATURE,
        /** Signed by the right key, but the claims are missing, mistyped or inconsistent. */
        INVALID_CLAIMS
    }

    private final Reason reason;

    public LeaseException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public LeaseException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
