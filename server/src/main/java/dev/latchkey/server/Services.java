package dev.latchkey.server;

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
import dev.latchkey.server.devices.DeviceRepository;
import dev.latchkey.server.devices.DeviceService;
import dev.latchkey.server.infra.RedisStore;
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
        DeviceService devices) {

    static final int AUDIT_QUEUE = 10_000;
    static final int AUDIT_BATCH = 500;

    public static Services wire(Vertx vertx, ServerConfig config, Secrets secrets, Pool pool, RedisStore redis) {
        AuditRepository auditRepository = new AuditRepository(pool);
        AuditService audit = new AuditService(vertx, auditRepository, AUDIT_QUEUE, AUDIT_BATCH);
        PasswordHasher hasher = new PasswordHasher(vertx, config.argon2(), config.hashThreads(), config.hashQueue());
        TokenService tokens = new TokenService(vertx, secrets.jwtSecret(), config.accessTokenTtl());
        Duration longest = config.accessTokenTtl().compareTo(config.webSessionAbsolute()) > 0
                ? config.accessTokenTtl() : config.webSessionAbsolute();
        SessionService sessions = new SessionService(new SessionRepository(pool), new SessionCache(redis, longest), tokens,
                audit, config.refreshTokenTtl(), config.webSessionIdle(), config.webSessionAbsolute());
        UserRepository userRepository = new UserRepository(pool);
        DeviceService devices = new DeviceService(pool, new DeviceRepository(pool), userRepository);
        AuthService auth = new AuthService(userRepository, hasher, sessions, devices, audit);
        UserService users = new UserService(userRepository, hasher, sessions, devices, audit);
        return new Services(config, secrets, pool, redis, auditRepository, audit, hasher, sessions,
                new Authenticator(sessions), auth, users, devices);
    }

    /** Flushes the audit queue, then closes clients. */
    public Future<Void> close() {
        return audit.close()
                .eventually(() -> {
                    hasher.close();
                    return Future.succeededFuture();
                })
                .eventually(pool::close)
                .eventually(redis::close);
    }
}
