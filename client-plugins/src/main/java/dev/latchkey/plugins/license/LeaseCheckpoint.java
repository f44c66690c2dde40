package dev.latchkey.plugins.license;

/**
 * What the client persists to resume offline after a restart: the last verified lease and the latest
 * server time the host had reached. Resuming never moves server time backwards (see {@link LeaseGuard#resume}).
 *
 * @param lease         compact JWS lease
 * @param serverSeconds server-adjusted epoch seconds when the checkpoint was taken
 */
public record LeaseCheckpoint(String lease, long serverSeconds) {
}
