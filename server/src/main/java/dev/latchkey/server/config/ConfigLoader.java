package dev.latchkey.server.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads configuration in three layers, later ones winning: built-in defaults, an optional JSON
 * file, the environment. Every layer uses the same names ({@code LATCHKEY_HTTP_PORT}, ...).
 *
 * <p>The file is {@code $LATCHKEY_CONFIG_FILE} when set (it must exist then), otherwise
 * {@code ./latchkey.json} when present.
 */
public final class ConfigLoader {

    static final String CONFIG_FILE_VARIABLE = "LATCHKEY_CONFIG_FILE";
    static final String DEFAULT_CONFIG_FILE = "latchkey.json";

    private ConfigLoader() {
    }

    public static Future<ServerConfig> load(Vertx vertx) {
        ConfigRetrieverOptions options = new ConfigRetrieverOptions()
                .setScanPeriod(-1)
                .addStore(new ConfigStoreOptions().setType("json").setConfig(defaults()));
        String explicitFile = System.getenv(CONFIG_FILE_VARIABLE);
        if (explicitFile != null && !explicitFile.isBlank()) {
            if (!Files.isRegularFile(Path.of(explicitFile))) {
                return Future.failedFuture(new ConfigException(CONFIG_FILE_VARIABLE + " names " + explicitFile + ", which is not a readable file"));
            }
            options.addStore(fileStore(explicitFile, false));
        } else {
            options.addStore(fileStore(DEFAULT_CONFIG_FILE, true));
        }
        options.addStore(new ConfigStoreOptions().setType("env"));
        ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
        return retriever.getConfig()
                .eventually(() -> {
                    retriever.close();
                    return Future.succeededFuture();
                })
                .recover(err -> Future.failedFuture(new ConfigException("Cannot read configuration: " + err.getMessage(), err)))
                .map(ConfigLoader::parse);
    }

    private static ConfigStoreOptions fileStore(String path, boolean optional) {
        return new ConfigStoreOptions().setType("file").setFormat("json").setOptional(optional)
                .setConfig(new JsonObject().put("path", path));
    }

    /** The documented defaults (README, DESIGN.md). */
    public static JsonObject defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new JsonObject()
                .put("LATCHKEY_HTTP_HOST", "0.0.0.0")
                .put("LATCHKEY_HTTP_PORT", 8080)
                .put("LATCHKEY_HTTP_INSTANCES", cores)
                .put("LATCHKEY_PG_URI", "postgresql://postgres@localhost:5432/latchkey")
                .put("LATCHKEY_PG_POOL_SIZE", 16)
                .put("LATCHKEY_PG_CONNECT_TIMEOUT", "5s")
                .put("LATCHKEY_PG_WAIT_TIMEOUT", "5s")
                .put("LATCHKEY_PG_WAIT_QUEUE", 1024)
                .put("LATCHKEY_PG_QUERY_TIMEOUT", "15s")
                .put("LATCHKEY_PG_STATEMENT_CACHE", true)
                .put("LATCHKEY_REDIS_TIMEOUT", "1s")
                .put("LATCHKEY_REDIS_URI", "redis://localhost:6379")
                .put("LATCHKEY_REDIS_PREFIX", "lk:")
                .put("LATCHKEY_DATA_DIR", "./data")
                .put("LATCHKEY_ARGON2_MEMORY_KIB", ServerConfig.Argon2Settings.MIN_MEMORY_KIB)
                .put("LATCHKEY_ARGON2_ITERATIONS", ServerConfig.Argon2Settings.MIN_ITERATIONS)
                .put("LATCHKEY_ARGON2_PARALLELISM", 1)
                // Why one core fewer: a core no hashing thread runs on is always free for an event loop; with every
                // core hashing, a sign-in flood moved heartbeat p99 5-10x, with one left free 2.5-3x (BENCHMARKS.md).
                .put("LATCHKEY_HASH_THREADS", Math.max(1, cores - 1))
                .put("LATCHKEY_HASH_QUEUE", 64)
                .put("LATCHKEY_ACCESS_TOKEN_TTL", "15m")
                .put("LATCHKEY_REFRESH_TOKEN_TTL", "7d")
                .put("LATCHKEY_SESSION_IDLE", "30m")
                .put("LATCHKEY_SESSION_ABSOLUTE", "12h")
                .put("LATCHKEY_JSON_BODY_LIMIT", 64 * 1024)
                .put("LATCHKEY_REGISTRATION", true)
                .put("LATCHKEY_SELF_DEACTIVATE_COOLDOWN", "24h")
                .put("LATCHKEY_HWID_RESET_COOLDOWN", "7d")
                .put("LATCHKEY_REDEEM_FAILURES", 10)
                .put("LATCHKEY_REDEEM_WINDOW", "1h")
                .put("LATCHKEY_JOB_INTERVAL", "60s")
                .put("LATCHKEY_LEASE_REUSE", "1h")
                .put("LATCHKEY_RATE_LOGIN", "10/5m")
                .put("LATCHKEY_RATE_API", "200/1m")
                .put("LATCHKEY_RATE_DOWNLOAD", "20/1h")
                .put("LATCHKEY_TRUSTED_PROXIES", "")
                .put("LATCHKEY_AUTOBLOCK_LOGIN_FAILURES", 50)
                .put("LATCHKEY_AUTOBLOCK_WINDOW", "10m")
                .put("LATCHKEY_AUTOBLOCK_DURATION", "1h")
                .put("LATCHKEY_AUTOFLAG_DEVICE_REFUSALS", 10)
                .put("LATCHKEY_LOG_FORMAT", "text")
                .put("LATCHKEY_MAX_UPLOAD_BYTES", 4L * 1024 * 1024 * 1024)
                .put("LATCHKEY_AUDIT_RETENTION", "400d");
    }

    /** Parses a merged configuration object; public so tests can start from {@link #defaults()}. */
    public static ServerConfig parse(JsonObject c) {
        return new ServerConfig(
                string(c, "LATCHKEY_HTTP_HOST"),
                intIn(c, "LATCHKEY_HTTP_PORT", 0, 65535),
                intIn(c, "LATCHKEY_HTTP_INSTANCES", 1, 256),
                string(c, "LATCHKEY_PG_URI"),
                intIn(c, "LATCHKEY_PG_POOL_SIZE", 1, 1000),
                string(c, "LATCHKEY_REDIS_URI"),
                string(c, "LATCHKEY_REDIS_PREFIX"),
                Path.of(string(c, "LATCHKEY_DATA_DIR")),
                new ServerConfig.ConfiguredSecrets(
                        optional(c, "LATCHKEY_MASTER_KEY"),
                        optional(c, "LATCHKEY_JWT_SECRET"),
                        optional(c, "LATCHKEY_SIGNING_KEY"),
                        optional(c, "LATCHKEY_LICENSE_HMAC_KEY")),
                optional(c, "LATCHKEY_ADMIN_USERNAME"),
                optional(c, "LATCHKEY_ADMIN_PASSWORD"),
                new ServerConfig.Argon2Settings(
                        intIn(c, "LATCHKEY_ARGON2_MEMORY_KIB", 1, 4 * 1024 * 1024),
                        intIn(c, "LATCHKEY_ARGON2_ITERATIONS", 1, 100),
                        intIn(c, "LATCHKEY_ARGON2_PARALLELISM", 1, 64)),
                intIn(c, "LATCHKEY_HASH_THREADS", 1, 256),
                intIn(c, "LATCHKEY_HASH_QUEUE", 1, 100_000),
                duration(c, "LATCHKEY_ACCESS_TOKEN_TTL"),
                duration(c, "LATCHKEY_REFRESH_TOKEN_TTL"),
                duration(c, "LATCHKEY_SESSION_IDLE"),
                duration(c, "LATCHKEY_SESSION_ABSOLUTE"),
                intIn(c, "LATCHKEY_JSON_BODY_LIMIT", 1024, 16 * 1024 * 1024),
                new ServerConfig.Licensing(
                        bool(c, "LATCHKEY_REGISTRATION"),
                        duration(c, "LATCHKEY_SELF_DEACTIVATE_COOLDOWN"),
                        duration(c, "LATCHKEY_HWID_RESET_COOLDOWN"),
                        intIn(c, "LATCHKEY_REDEEM_FAILURES", 1, 1_000_000),
                        duration(c, "LATCHKEY_REDEEM_WINDOW"),
                        duration(c, "LATCHKEY_JOB_INTERVAL"),
                        durationOrOff(c, "LATCHKEY_LEASE_REUSE", Duration.ofDays(1))),
                new ServerConfig.Protection(
                        string(c, "LATCHKEY_RATE_LOGIN"),
                        string(c, "LATCHKEY_RATE_API"),
                        string(c, "LATCHKEY_RATE_DOWNLOAD"),
                        list(c, "LATCHKEY_TRUSTED_PROXIES"),
                        intIn(c, "LATCHKEY_AUTOBLOCK_LOGIN_FAILURES", 1, 1_000_000),
                        duration(c, "LATCHKEY_AUTOBLOCK_WINDOW"),
                        duration(c, "LATCHKEY_AUTOBLOCK_DURATION"),
                        intIn(c, "LATCHKEY_AUTOFLAG_DEVICE_REFUSALS", 1, 1_000_000),
                        logFormat(c)),
                new ServerConfig.Files(longIn(c, "LATCHKEY_MAX_UPLOAD_BYTES", 1, 1L << 40)),
                new ServerConfig.Backends(
                        duration(c, "LATCHKEY_PG_CONNECT_TIMEOUT"),
                        duration(c, "LATCHKEY_PG_WAIT_TIMEOUT"),
                        intIn(c, "LATCHKEY_PG_WAIT_QUEUE", 0, 1_000_000),
                        duration(c, "LATCHKEY_PG_QUERY_TIMEOUT"),
                        duration(c, "LATCHKEY_REDIS_TIMEOUT"),
                        bool(c, "LATCHKEY_PG_STATEMENT_CACHE")),
                new ServerConfig.Audit(durationBetween(c, "LATCHKEY_AUDIT_RETENTION", Duration.ofDays(1), Duration.ofDays(36_500))));
    }

    private static String string(JsonObject c, String key) {
        Object v = c.getValue(key);
        if (v == null || v.toString().isBlank()) {
            throw new ConfigException(key + " must not be empty");
        }
        return v.toString().trim();
    }

    private static Optional<String> optional(JsonObject c, String key) {
        Object v = c.getValue(key);
        return v == null || v.toString().isBlank() ? Optional.empty() : Optional.of(v.toString().trim());
    }

    private static int intIn(JsonObject c, String key, int min, int max) {
        String raw = string(c, key);
        int value;
        try {
            value = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number, got '" + raw + "'");
        }
        if (value < min || value > max) {
            throw new ConfigException(key + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    private static java.util.List<String> list(JsonObject c, String key) {
        Object v = c.getValue(key);
        if (v == null || v.toString().isBlank()) {
            return java.util.List.of();
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String part : v.toString().split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    private static boolean logFormat(JsonObject c) {
        String f = string(c, "LATCHKEY_LOG_FORMAT").toLowerCase(java.util.Locale.ROOT);
        if (!f.equals("json") && !f.equals("text")) {
            throw new ConfigException("LATCHKEY_LOG_FORMAT must be text or json, got '" + f + "'");
        }
        return f.equals("json");
    }

    private static long longIn(JsonObject c, String key, long min, long max) {
        String raw = string(c, key);
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number, got '" + raw + "'");
        }
        if (value < min || value > max) {
            throw new ConfigException(key + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    private static boolean bool(JsonObject c, String key) {
        String raw = string(c, key).toLowerCase(java.util.Locale.ROOT);
        return switch (raw) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new ConfigException(key + " must be true or false, got '" + raw + "'");
        };
    }

    /** A duration up to {@code max}, or {@code 0} / {@code off} for none. */
    private static Duration durationOrOff(JsonObject c, String key, Duration max) {
        String raw = string(c, key).trim();
        if (raw.equals("0") || raw.equalsIgnoreCase("off")) {
            return Duration.ZERO;
        }
        Duration d = duration(c, key);
        if (d.compareTo(max) > 0) {
            throw new ConfigException(key + " must be at most " + max.toHours() + "h, got " + raw);
        }
        return d;
    }

    private static Duration durationBetween(JsonObject c, String key, Duration min, Duration max) {
        Duration d = duration(c, key);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new ConfigException(key + " must be between " + min.toDays() + "d and " + max.toDays() + "d, got "
                    + string(c, key));
        }
        return d;
    }

    private static Duration duration(JsonObject c, String key) {
        String raw = string(c, key);
        try {
            return Durations.parse(raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ": " + e.getMessage());
        }
    }
}
