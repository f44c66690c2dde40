package dev.latchkey.plugins.sandbox;

/** A plugin script was refused before it ran: too large, bytecode, a syntax error, or a bad signature. */
public final class ScriptRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    public ScriptRejectedException(String message) {
        super(message);
    }
}
