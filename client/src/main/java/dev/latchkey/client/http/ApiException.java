package dev.latchkey.client.http;

import java.util.Set;

/**
 * A failed call: the server's error code ({@code INVALID_CREDENTIALS}, {@code RATE_LIMITED}...) or one
 * of the client's own codes below when no server answer was obtained or understood.
 */
public final class ApiException extends Exception {

    /** No answer: connection refused, timeout, TLS failure. */
    public static final String NETWORK_ERROR = "NETWORK_ERROR";
    /** An answer that is not the JSON the contract promises. */
    public static final String BAD_RESPONSE = "BAD_RESPONSE";
    /** The call needs a session and there is none. */
    public static final String NOT_SIGNED_IN = "NOT_SIGNED_IN";

    private static final Set<String> SESSION_ENDED = Set.of("TOKEN_INVALID", "TOKEN_EXPIRED", "TOKEN_REVOKED", "ACCOUNT_BLOCKED");

    private final String code;
    private final int status;
    private final long retryAfterSeconds;

    public ApiException(String code, int status, String message, long retryAfterSeconds) {
        super(message);
        this.code = code;
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException network(Exception cause) {
        ApiException e = new ApiException(NETWORK_ERROR, 0,
                cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(), 0);
        e.initCause(cause);
        return e;
    }

    public static ApiException badResponse(int status, String what) {
        return new ApiException(BAD_RESPONSE, status, what, 0);
    }

    public static ApiException notSignedIn() {
        return new ApiException(NOT_SIGNED_IN, 0, "not signed in", 0);
    }

    public String code() {
        return code;
    }

    /** HTTP status, or 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** Seconds from {@code Retry-After}, 0 when absent. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** Whether the server has ended this session: the user must sign in again. */
    public boolean endsSession() {
        return status == 401 && SESSION_ENDED.contains(code) || status == 403 && "ACCOUNT_BLOCKED".equals(code);
    }

    public boolean isNetwork() {
        return NETWORK_ERROR.equals(code);
    }

    @Override
    public String toString() {
        return code + (status > 0 ? " (HTTP " + status + ")" : "") + ": " + getMessage();
    }
}
