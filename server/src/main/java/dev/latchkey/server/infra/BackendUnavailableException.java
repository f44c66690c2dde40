package dev.latchkey.server.infra;

import io.vertx.core.VertxException;

/** A backing service (PostgreSQL, Redis) is known to be unreachable; the request is refused at once (503). */
public final class BackendUnavailableException extends VertxException {

    public BackendUnavailableException(String message) {
        super(message, true);
    }
}
