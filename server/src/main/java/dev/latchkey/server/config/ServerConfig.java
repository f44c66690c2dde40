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
        int jsonBodyLimit,
        Licensing licensing,
        Protection protection,
        Files files,
        Backends backends,
        Audit audit) {

    /** @param retention how long audit events are kept (whole months are dropped once older; see audit/AuditPartitions) */
    public record Audit(Duration retention) {
    }

    /**
     * How long requests may wait on PostgreSQL and Redis, so that a database that is down or hung
     * turns into fast 503s instead of requests piling up.
     *
     * @param pgConnectTimeout TCP connect to PostgreSQL
     * @param pgWaitTimeout    a request waiting for a free pooled connection
     * @param pgWaitQueue      requests that may wait for one; beyond, 503 at once
     * @param pgQueryTimeout   how long a statement or a whole transaction may take once it has a connection
     * @param redisTimeout     a Redis command (then Redis is treated as down until a probe answers)
     * @param pgStatementCache keep each statement prepared on its connection (off for poolers that cannot, such
     *                         as PgBouncer before 1.21 in transaction mode)
     */
    public record Backends(Duration pgConnectTimeout, Duration pgWaitTimeout, int pgWaitQueue, Duration pgQueryTimeout,
                           Duration redisTimeout, boolean pgStatementCache) {
    }

    /**
     * @param rateLogin / rateApi / rateDownload limits per class ({@code COUNT/WINDOW} strings, parsed by the protection package)
     * @param trustedProxies    CIDRs whose X-Forwarded-For (and X-Forwarded-Proto) is believed
     * @param loginFailures     failed sign-ins from one address within {@code loginFailureWindow} that block it
     * @param autoBlockDuration how long such an automatic block lasts
     * @param deviceRefusals    device refusals for one account within an hour that flag it
     * @param jsonLogs          one JSON object per log line
     */
    public record Protection(String rateLogin, String rateApi, String rateDownload, java.util.List<String> trustedProxies,
                             int loginFailures, Duration loginFailureWindow, Duration autoBlockDuration, int deviceRefusals,
                             boolean jsonLogs) {
    }

    /** @param maxUploadBytes largest file an admin may upload */
    public record Files(long maxUploadBytes) {
    }

    /**
     * @param registration          whether {@code POST /auth/register} (sign-up with a key) is open
     * @param selfDeactivateCooldown how often a user may free a seat of one license themself
     * @param hwidResetCooldown      how often a user may reset their own devices
     * @param redeemFailures         wrong license keys a user may try per {@code redeemWindow}
     * @param jobInterval            how often expiry and seat-freeing jobs run
     */
    /** {@code leaseReuse}: how long a signed lease may be handed out again unchanged; zero signs every heartbeat. */
    public record Licensing(boolean registration, Duration selfDeactivateCooldown, Duration hwidResetCooldown,
                            int redeemFailures, Duration redeemWindow, Duration jobInterval, Duration leaseReuse) {
    }

    /** Secrets given through configuration; each empty when not set. */
    public record ConfiguredSecrets(Optional<String> masterKey, Optional<String> jwtSecret, Optional<String> signingKey,
                                    Optional<String> licenseHmacKey) {
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
}
