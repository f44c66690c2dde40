package dev.latchkey.server.config;

/** A configuration problem that stops the start; its message is one line fit for the operator. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
