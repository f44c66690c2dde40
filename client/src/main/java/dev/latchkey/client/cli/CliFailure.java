package dev.latchkey.client.cli;

/** A command's failure that is not the server's: a code, a sentence and an exit status. */
final class CliFailure extends RuntimeException {

    private final String code;
    private final int exitCode;

    CliFailure(String code, String message, int exitCode) {
        super(message);
        this.code = code;
        this.exitCode = exitCode;
    }

    String code() {
        return code;
    }

    int exitCode() {
        return exitCode;
    }
}
