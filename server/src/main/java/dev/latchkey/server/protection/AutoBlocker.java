package dev.latchkey.server.protection;

import dev.latchkey.server.audit.AuditEvent;
import dev.latchkey.server.audit.AuditService;
import dev.latchkey.server.config.ServerConfig;
import dev.latchkey.server.infra.RedisStore;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The automatic rules: too many failed sign-ins from one address block it for a while; repeated
 * device refusals or a reused refresh token flag the account for an admin. Each action is audited
 * with its reason and can be undone (delete the block; clear the flag).
 */
public final class AutoBlocker implements SecurityEvents {

    private static final Logger LOG = Logger.getLogger(AutoBlocker.class.getName());
    private static final String FLAG = "UPDATE users SET flagged_at = now(), flag_reason = $2 WHERE id = $1 AND flagged_at IS NULL RETURNING id";

    private final RedisStore redis;
    private final Pool pool;
    private final BlocklistRepository blocks;
    private final IpBlocklist blocklist;
    private final AuditService audit;
    private final ServerConfig.Protection settings;
    private final java.util.concurrent.atomic.AtomicBoolean skipping = new java.util.concurrent.atomic.AtomicBoolean();

    public AutoBlocker(RedisStore redis, Pool pool, BlocklistRepository blocks, IpBlocklist blocklist, AuditService audit,
                       ServerConfig.Protection settings) {
        this.redis = redis;
        this.pool = pool;
        this.blocks = blocks;
        this.blocklist = blocklist;
        this.audit = audit;
        this.settings = settings;
    }

    @Override
    public Future<Void> loginFailed(String ip) {
        if (ip == null || blocklist.blocking(ip) != null) {
            return Future.succeededFuture();
        }
        return count("autoblock:ip:" + ip, settings.loginFailureWindow().toSeconds()).compose(n -> {
            skipping.set(false);
            if (n != settings.loginFailures()) {
                return Future.<Void>succeededFuture();
            }
            Cidr single = Cidr.parse(ip);
            OffsetDateTime until = OffsetDateTime.now(ZoneOffset.UTC).plus(settings.autoBlockDuration());
            String reason = n + " failed sign-ins within " + settings.loginFailureWindow().toMinutes() + " min";
            return blocks.insert(single, reason, true, until, null)
                    .compose(entry -> blocklist.announce().compose(v -> audit.record(AuditEvent
                            .of("ip.auto_block", AuditEvent.Outcome.SUCCESS).actor(null, "system").target("ip_block", entry.id())
                            .detail("cidr", single.text()).detail("reason", reason).detail("expires_at", until.toInstant().toString())
                            .build())));
        }).otherwise(e -> {
            // Why once: while Redis is down every failed sign-in lands here, and an attack must not flood the log.
            if (skipping.compareAndSet(false, true)) {
                LOG.warning("Automatic IP blocking skipped until Redis counts again: " + e.getMessage());
            }
            return null;
        });
    }

    @Override
    public Future<Void> deviceRefused(UUID userId, String code) {
        return count("autoflag:user:" + userId, 3600).compose(n -> n == settings.deviceRefusals()
                ? flag(userId, n + " device refusals within an hour (last: " + code + ")")
                : Future.<Void>succeededFuture()).otherwiseEmpty();
    }

    @Override
    public Future<Void> tokenReuse(UUID userId) {
        return flag(userId, "a spent refresh token was presented again").otherwiseEmpty();
    }

    private Future<Void> flag(UUID userId, String reason) {
        if (userId == null) {
            return Future.succeededFuture();
        }
        return pool.preparedQuery(FLAG).execute(Tuple.of(userId, reason)).compose(rs -> rs.size() == 0
                ? Future.<Void>succeededFuture()
                : audit.record(AuditEvent.of("user.flagged", AuditEvent.Outcome.SUCCESS).actor(null, "system")
                        .target("user", userId).detail("reason", reason).build()));
    }

    /** One atomic round trip: INCR, and the window's expiry set on the first hit only. */
    private Future<Long> count(String name, long windowSeconds) {
        String key = redis.key(name);
        return redis.batch(List.of(Request.cmd(Command.INCR, key), Request.cmd(Command.EXPIRE, key, windowSeconds, "NX")))
                .map(r -> r.get(0).toLong());
    }
}
