package dev.latchkey.client.cli;

import dev.latchkey.client.http.ApiException;

/** Exit statuses of the command line. */
public final class ExitCodes {

    public static final int OK = 0;
    /** The server refused (its error code is printed). */
    public static final int REFUSED = 1;
    /** Wrong usage: unknown option, malformed argument (picocli's own convention). */
    public static final int USAGE = 2;
    /** A local condition: not signed in, no keychain, unreadable file, failed plugin. */
    public static final int LOCAL = 3;
    /** No answer from the server. */
    public static final int NETWORK = 4;

    private ExitCodes() {
    }

    static int of(ApiException e) {
        if (e.isNetwork()) {
            return NETWORK;
        }
        return e.status() > 0 ? REFUSED : LOCAL;
    }
}
