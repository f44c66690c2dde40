package dev.latchkey.plugins.license;

import java.io.IOException;

/**
 * Performs {@code POST /api/v1/heartbeat} for the host. The desktop client implements it over its
 * authenticated HTTP connection; the plugin layer never sees tokens or sockets.
 */
@FunctionalInterface
public interface HeartbeatTransport {

    /**
     * Sends one heartbeat and returns the server's parsed reply. An error reply with a license code
     * (e.g. {@code LICENSE_REVOKED}) is a reply with {@code valid = false}, not an exception.
     *
     * @throws IOException when no reply was obtained (offline, timeout, TLS failure, 5xx)
     */
    HeartbeatReply send() throws IOException;
}
