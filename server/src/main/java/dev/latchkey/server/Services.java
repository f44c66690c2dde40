package dev.latchkey.server;

import dev.latchkey.protocol.lease.LeaseSigner;
import dev.latchkey.server.accounts.UserRepository;
import dev.latchkey.server.accounts.UserService;
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
import io.vertx.core.Future;
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
        PasswordHasher hasher,
        SessionService sessions,
        Authenticator authenticator,
        AuthService auth,
        UserService users,
        DeviceService devices,
        DeviceManagementService deviceManagement,
        Licensing licensing) {

    static final int AUDIT_QUEUE = 10_000;
    static final int AUDIT_BATCH = 500;
    static final long LAST_SEEN_FLUSH_MS = 5_000;

    /** The licensing feature's services. */
    public record Licensing(ProductService products, LicenseService licenses, LicenseRepository licenseRepository,
                            LicenseCache cache, ActivationService activations, HeartbeatService heartbeats,
                            LastSeenWriter lastSeen, LicensingJobs jobs, RegistrationService registration) {
    }

    public static Services wire(Vertx vertx, ServerConfig config, Secrets secrets, Pool pool, RedisStore redis) {
        AuditRepository auditRepository = new AuditRepository(pool);
        AuditService audit = new AuditService(vertx, auditRepository, AUDIT_QUEUE, AUDIT_BATCH);
        PasswordHasher hasher = new PasswordHasher(vertx, config.argon2(), config.hashThreads(), config.hashQueue());
        TokenService tokens = new TokenService(vertx, secrets.jwtSecret(), config.accessTokenTtl());
        Duration longest = config.accessTokenTtl().compareTo(config.webSessionAbsolute()) > 0
                ? config.accessTokenTtl() : config.webSessionAbsolute();
        SessionService sessions = new SessionService(new SessionRepository(pool), new SessionCache(redis, longest), tokens,
                audit, config.refreshTokenTtl(), config.webSessionIdle(), config.webSessionAbsolute());

        ServerConfig.Licensing lc = config.licensing();
        LicenseCache cache = new LicenseCache(redis, new EntitlementsRepository(pool));
        LicenseRepository licenseRepository = new LicenseRepository(pool);
        ProductService products = new ProductService(new ProductRepository(pool), cache, audit);
        LicenseService licenses = new LicenseService(licenseRepository, products, new LicenseKeyHasher(secrets.licenseHmacKey()),
                cache, new FailureBudget(redis, "redeem", lc.redeemFailures(), lc.redeemWindow()), audit);
        ActivationService activations = new ActivationService(licenseRepository, cache, audit);
        LastSeenWriter lastSeen = new LastSeenWriter(vertx, pool, LAST_SEEN_FLUSH_MS);
        HeartbeatService heartbeats = new HeartbeatService(cache, activations,
                LeaseSigner.fromPkcs8(secrets.signingKey().getEncoded()), lastSeen);
        LicensingJobs jobs = new LicensingJobs(vertx, pool, licenseRepository, cache, audit, lc.jobInterval());

        UserRepository userRepository = new UserRepository(pool);
        DeviceRepository deviceRepository = new DeviceRepository(pool);
        HwidBlacklistRepository blacklist = new HwidBlacklistRepository(pool);
        DeviceService devices = new DeviceService(pool, deviceRepository, userRepository, blacklist, cache);
        DeviceManagementService deviceManagement = new DeviceManagementService(pool, deviceRepository, devices, blacklist,
                sessions, cache, audit, lc.selfDeactivateCooldown(), lc.hwidResetCooldown());
        AuthService auth = new AuthService(userRepository, hasher, sessions, devices, audit, activations::activateAll);
        UserService users = new UserService(userRepository, hasher, sessions, devices, audit);
        RegistrationService registration = new RegistrationService(lc.registration(), userRepository, hasher, licenses, cache, audit);
        return new Services(config, secrets, pool, redis, auditRepository, audit, hasher, sessions, new Authenticator(sessions),
                auth, users, devices, deviceManagement, new Licensing(products, licenses, licenseRepository, cache, activations,
                        heartbeats, lastSeen, jobs, registration));
    }

    /** Stops jobs, writes what is pending (last-seen times, audit queue), then closes clients. */
    public Future<Void> close() {
        licensing.jobs().stop();
        return licensing.lastSeen().close()
                .eventually(audit::close)
                .eventually(() -> {
                    hasher.close();
                    return Future.succeededFuture();
                })
                .eventually(pool::close)
                .eventually(redis::close);
    }
}
