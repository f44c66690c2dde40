package dev.latchkey.server;

import dev.latchkey.protocol.lease.LeaseSigner;
import dev.latchkey.server.accounts.UserRepository;
import dev.latchkey.server.accounts.UserService;
import dev.latchkey.server.audit.AuditPartitions;
import dev.latchkey.server.audit.AuditRepository;
import dev.latchkey.server.audit.AuditService;
import dev.latchkey.server.auth.AuthService;
import dev.latchkey.server.auth.Authenticator;
import dev.latchkey.server.auth.PasswordHasher;
import dev.latchkey.server.auth.SessionCache;
import dev.latchkey.server.auth.SessionRepository;
import dev.latchkey.server.auth.SessionService;
import dev.latchkey.server.auth.TokenService;
import dev.latchkey.server.config.Secrets;
import dev.latchkey.server.config.ServerConfig;
import dev.latchkey.server.devices.DeviceManagementService;
import dev.latchkey.server.devices.DeviceRepository;
import dev.latchkey.server.devices.DeviceService;
import dev.latchkey.server.devices.HwidBlacklistRepository;
import dev.latchkey.server.infra.RedisStore;
import dev.latchkey.server.licensing.ActivationService;
import dev.latchkey.server.licensing.EntitlementsRepository;
import dev.latchkey.server.licensing.FailureBudget;
import dev.latchkey.server.licensing.HeartbeatService;
import dev.latchkey.server.licensing.LastSeenWriter;
import dev.latchkey.server.licensing.LicenseCache;
import dev.latchkey.server.licensing.LicenseKeyHasher;
import dev.latchkey.server.licensing.LicenseRepository;
import dev.latchkey.server.licensing.LicenseService;
import dev.latchkey.server.licensing.LicensingJobs;
import dev.latchkey.server.licensing.ProductRepository;
import dev.latchkey.server.licensing.ProductService;
import dev.latchkey.server.licensing.RegistrationService;
import dev.latchkey.server.config.ConfigException;
import dev.latchkey.server.dashboard.DashboardFeature;
import dev.latchkey.server.files.FilesFeature;
import dev.latchkey.server.ops.Metrics;
import dev.latchkey.server.protection.AutoBlocker;
import dev.latchkey.server.protection.BlocklistRepository;
import dev.latchkey.server.protection.Cidr;
import dev.latchkey.server.protection.ClientAddress;
import dev.latchkey.server.protection.IpBlocklist;
import dev.latchkey.server.protection.RateLimit;
import dev.latchkey.server.protection.RateLimiter;
import dev.latchkey.server.protection.RateLimits;
import dev.latchkey.server.protection.RedisRateLimiter;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;

/** The object graph, wired once per process and shared by every HTTP verticle instance. */
public record Services(
        ServerConfig config,
        Secrets secrets,
        Pool pool,
        RedisStore redis,
        AuditRepository auditRepository,
        AuditService audit,
        AuditPartitions auditPartitions,
        PasswordHasher hasher,
        SessionService sessions,
        Authenticator authenticator,
        AuthService auth,
        UserService users,
        DeviceService devices,
        DeviceManagementService deviceManagement,
        Licensing licensing,
        Protection protection,
        Metrics metrics,
        FilesFeature files,
        DashboardFeature dashboard) {

    public static final int AUDIT_QUEUE = 10_000;
    public static final int AUDIT_BATCH = 500;
    public static final int AUDIT_WRITERS = 2;
    static final long LAST_SEEN_FLUSH_MS = 5_000;

    /** The licensing feature's services. */
    public record Licensing(ProductService products, LicenseService licenses, LicenseRepository licenseRepository,
                            LicenseCache cache, ActivationService activations, HeartbeatService heartbeats,
                            LastSeenWriter lastSeen, LicensingJobs jobs, RegistrationService registration) {
    }

    /** The protection feature: blocklist, rate limits, automatic rules. */
    public record Protection(BlocklistRepository blocks, IpBlocklist blocklist, RateLimiter limiter, RateLimits limits,
                             ClientAddress addresses, AutoBlocker autoBlocker) {
    }

    public static Services wire(Vertx vertx, ServerConfig config, Secrets secrets, Pool pool, RedisStore redis, Metrics metrics) {
        AuditRepository auditRepository = new AuditRepository(pool);
        AuditService audit = new AuditService(vertx, auditRepository, AUDIT_QUEUE, AUDIT_BATCH, AUDIT_WRITERS);
        audit.onRecord(e -> metrics.audited(e.action(), e.outcome().dbValue()));
        metrics.gauge("latchkey_audit_queue_depth", "Audit events waiting to be written", audit::depth);
        AuditPartitions auditPartitions = new AuditPartitions(vertx, pool, auditRepository, audit, config.audit().retention(),
                java.time.Clock.systemUTC());

        ServerConfig.Protection pc = config.protection();
        List<Cidr> proxies = new ArrayList<>();
        for (String p : pc.trustedProxies()) {
            try {
                proxies.add(Cidr.parse(p));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("LATCHKEY_TRUSTED_PROXIES: " + e.getMessage());
            }
        }
        BlocklistRepository blocks = new BlocklistRepository(pool);
        IpBlocklist blocklist = new IpBlocklist(vertx, blocks, redis);
        RateLimiter limiter = new RateLimiter(new RedisRateLimiter(redis), audit, metrics);
        RateLimits limits = new RateLimits(limiter, RateLimit.parse("LATCHKEY_RATE_LOGIN", pc.rateLogin()),
                RateLimit.parse("LATCHKEY_RATE_API", pc.rateApi()), RateLimit.parse("LATCHKEY_RATE_DOWNLOAD", pc.rateDownload()));
        AutoBlocker autoBlocker = new AutoBlocker(redis, pool, blocks, blocklist, audit, pc);
        Protection protection = new Protection(blocks, blocklist, limiter, limits, new ClientAddress(proxies), autoBlocker);
        PasswordHasher hasher = new PasswordHasher(vertx, config.argon2(), config.hashThreads(), config.hashQueue());
        TokenService tokens = new TokenService(vertx, secrets.jwtSecret(), config.accessTokenTtl());
        Duration longest = config.accessTokenTtl().compareTo(config.webSessionAbsolute()) > 0
                ? config.accessTokenTtl() : config.webSessionAbsolute();
        SessionCache sessionCache = new SessionCache(redis, longest);
        SessionService sessions = new SessionService(new SessionRepository(pool), sessionCache, tokens,
                audit, config.refreshTokenTtl(), config.webSessionIdle(), config.webSessionAbsolute(), autoBlocker);

        ServerConfig.Licensing lc = config.licensing();
        LicenseCache cache = new LicenseCache(vertx, redis, sessionCache, new EntitlementsRepository(pool));
        LicenseRepository licenseRepository = new LicenseRepository(pool);
        ProductService products = new ProductService(new ProductRepository(pool), cache, audit);
        LicenseService licenses = new LicenseService(licenseRepository, products, new LicenseKeyHasher(secrets.licenseHmacKey()),
                cache, new FailureBudget(redis, "redeem", lc.redeemFailures(), lc.redeemWindow()), audit);
        ActivationService activations = new ActivationService(licenseRepository, cache, audit);
        LastSeenWriter lastSeen = new LastSeenWriter(vertx, pool, LAST_SEEN_FLUSH_MS);
        HeartbeatService heartbeats = new HeartbeatService(cache, activations,
                LeaseSigner.fromPkcs8(secrets.signingKey().getEncoded()), lastSeen, metrics, lc.leaseReuse());
        LicensingJobs jobs = new LicensingJobs(vertx, pool, licenseRepository, cache, audit, lc.jobInterval());

        UserRepository userRepository = new UserRepository(pool);
        DeviceRepository deviceRepository = new DeviceRepository(pool);
        HwidBlacklistRepository blacklist = new HwidBlacklistRepository(pool);
        DeviceService devices = new DeviceService(pool, deviceRepository, userRepository, blacklist, cache);
        DeviceManagementService deviceManagement = new DeviceManagementService(pool, deviceRepository, devices, blacklist,
                sessions, cache, audit, lc.selfDeactivateCooldown(), lc.hwidResetCooldown());
        AuthService auth = new AuthService(userRepository, hasher, sessions, devices, audit, activations::activateAll, autoBlocker);
        UserService users = new UserService(userRepository, hasher, sessions, devices, audit);
        RegistrationService registration = new RegistrationService(lc.registration(), userRepository, hasher, licenses, cache, audit);
        FilesFeature files = FilesFeature.wire(vertx, config, secrets, pool, audit, cache);
        return new Services(config, secrets, pool, redis, auditRepository, audit, auditPartitions, hasher, sessions,
                new Authenticator(sessions, limits::api), auth, users, devices, deviceManagement,
                new Licensing(products, licenses, licenseRepository, cache, activations, heartbeats, lastSeen, jobs, registration),
                protection, metrics, files, DashboardFeature.wire(vertx, config, redis, audit));
    }

    /** Stops jobs, writes what is pending (last-seen times, audit queue), then closes clients. */
    public Future<Void> close() {
        licensing.jobs().stop();
        licensing.cache().stop();
        auditPartitions.stop();
        protection.blocklist().stop();
        return dashboard.close()
                .eventually(files::close)
                .eventually(() -> licensing.lastSeen().close())
                // Why a deadline: with PostgreSQL down the queue cannot drain, and a stop must still finish.
                .eventually(() -> audit.close().timeout(10, java.util.concurrent.TimeUnit.SECONDS)
                        .onFailure(e -> java.util.logging.Logger.getLogger(Services.class.getName()).warning(
                                "Stopping with " + audit.depth() + " audit events not written: the database did not take them")))
                .eventually(() -> {
                    hasher.close();
                    return Future.succeededFuture();
                })
                .eventually(pool::close)
                .eventually(redis::close);
    }
}
