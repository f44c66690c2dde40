package dev.latchkey.server.http;

/**
 * A failure the caller should see as {@code {"error":{"code":..,"message":..}}}.
 * Services throw it (or fail futures with it); the one error handler writes it.
 */
public final class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final Integer retryAfterSeconds;

    public ApiException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public ApiException(ErrorCode code, String message, Integer retryAfterSeconds) {
        // Why no stack: these are expected outcomes (wrong password, bad input), not bugs; capturing stacks costs time.
        super(message, null, false, false);
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ErrorCode code() {
        return code;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ApiException validation(String message) {
        return new ApiException(ErrorCode.VALIDATION_FAILED, message);
    }

    public static ApiException notFound(String what) {
        return new ApiException(ErrorCode.NOT_FOUND, what + " not found");
    }

    public static ApiException forbidden(String message) {
        return new ApiException(ErrorCode.FORBIDDEN, message);
    }
}
