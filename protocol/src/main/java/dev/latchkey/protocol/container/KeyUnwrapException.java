package dev.latchkey.protocol.container;

import java.security.GeneralSecurityException;

/**
 * A wrapped DEK did not open: wrong key (master key, access token or user id), wrong file id, tampered or
 * malformed bytes. Deliberately one undifferentiated failure, so the message cannot tell an attacker which
 * input was wrong.
 */
public final class KeyUnwrapException extends GeneralSecurityException {

    public KeyUnwrapException(String message) {
        super(message);
    }

    public KeyUnwrapException(String message, Throwable cause) {
        super(message, cause);
    }
}
