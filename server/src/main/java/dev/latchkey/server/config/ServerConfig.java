package dev.latchkey.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the server reads from its environment, parsed and validated once.
 *
 * @param secretValues secrets as configured (base64), empty when they are to be read from or
 *                     generated into the data directory
 */
public record ServerConfig(
        String httpHost,
        int httpPort,
        int httpInstances,
        String pgUri,
        int pgPoolSize,
        String redisUri,
        String redisPrefix,
        Path dataDir,
        ConfiguredSecrets secretValues,
        Optional<String> adminUsername,
        Optional<String> adminPassword,
        Argon2Settings argon2,
        int hashThreads,
        int hashQueue,
        Duration accessTokenTtl,
        Duration refreshTokenTtl,
        Duration webSessionIdle,
        Duration webSessionAbsolute,
        int jsonBodyLimit) {

    /** Secrets given through configuration; each empty when not set. */
    public record ConfiguredSecrets(Optional<String> masterKey, Optional<String> jwtSecret, Optional<String> signingKey) {
    }

    /** Argon2id cost; never below the OWASP minimum (m=19456 KiB, t=2, p=1). */
    public record Argon2Settings(int memoryKib, int iterations, int parallelism) {
        public static final int MIN_MEMORY_KIB = 19456;
        public static final int MIN_ITERATIONS = 2;

        public Argon2Settings {
            if (memoryKib < MIN_MEMORY_KIB || iterations < MIN_ITERATIONS || parallelism < 1) {
                throw new ConfigException("Argon2id cost below m=" + MIN_MEMORY_KIB + " KiB, t=" + MIN_ITERATIONS
                        + ", p=1 is refused (got m=" + memoryKib + ", t=" + iterations + ", p=" + parallelism + ")");
            }
        }
    }

    /** The same configuration with another HTTP port (tests bind to 0 and read the real one back). */
    public ServerConfig withHttpPort(int port) {
        return new ServerConfig(httpHost, port, httpInstances, pgUri, pgPoolSize, redisUri, redisPrefix, dataDir,
                secretValues, adminUsername, adminPassword, argon2, hashThreads, hashQueue, accessTokenTtl,
                refreshTokenTtl, webSessionIdle, webSessionAbsolute, jsonBodyLimit);
    }
}
