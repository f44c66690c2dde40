package dev.latchkey.server.config;

import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * The server's three secrets, validated.
 *
 * @param masterKey  32 bytes; wraps file data keys at rest
 * @param jwtSecret  at least 32 bytes; HS256 key of access tokens
 * @param signingKey Ed25519 private key; signs leases and file digests
 * @param verifyKey  its public half, published as a JWK
 * @param licenseHmacKey at least 32 bytes; keys the hash under which license keys are stored
 */
public record Secrets(byte[] masterKey, byte[] jwtSecret, PrivateKey signingKey, PublicKey verifyKey, byte[] licenseHmacKey) {

    @Override
    public String toString() {
        // Why: a record's generated toString would print key bytes into any log line that mentions it.
        return "Secrets[redacted]";
    }
}
