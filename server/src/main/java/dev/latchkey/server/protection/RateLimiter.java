package dev.latchkey.server.protection;

import dev.latchkey.server.audit.AuditEvent;
import dev.latchkey.server.audit.AuditService;
import dev.latchkey.server.ops.Metrics;
import io.vertx.core.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Rate limits by class. Redis keeps the counters for every node; when Redis does not answer,
 * {@link Kind#FAIL_CLOSED} classes (login, download) fall back to per-node counters and
 * {@link Kind#FAIL_OPEN} ones (general API) let requests through. The first failure of an outage
 * is audited once ({@code ratelimit.degraded}); the first success after it logs the recovery.
 */
public final class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class.getName());

    public enum Kind { FAIL_CLOSED, FAIL_OPEN }

    /** A named class of requests with its limit. */
    public record LimitClass(String name, RateLimit limit, Kind kind) {
    }

    private final RedisRateLimiter redis;
    private final LocalRateLimiter local = new LocalRateLimiter();
    private final AuditService audit;
    private final Metrics metrics;
    private final AtomicBoolean degraded = new AtomicBoolean();

    public RateLimiter(RedisRateLimiter redis, AuditService audit, Metrics metrics) {
        this.redis = redis;
        this.audit = audit;
        this.metrics = metrics;
    }

    public Future<Decision> hit(LimitClass c, String subject) {
        String key = c.name() + ":" + subject;
        return redis.hit(c.name(), subject, c.limit()).map(d -> {
            if (degraded.compareAndSet(true, false)) {
                LOG.info("Redis is back: rate limits are shared across nodes again");
            }
            return d;
        }).recover(err -> {
            Future<Void> audited = Future.succeededFuture();
            if (degraded.compareAndSet(false, true)) {
                LOG.warning("Redis unreachable: login and download limits now count per node; API limit open");
                audited = audit.record(AuditEvent.of("ratelimit.degraded", AuditEvent.Outcome.FAILURE).actor(null, "system")
                        .detail("error", String.valueOf(err.getMessage())).build());
            }
            Decision fallback = c.kind() == Kind.FAIL_CLOSED
                    ? local.hit(key, c.limit(), System.currentTimeMillis())
                    : Decision.open(c.limit().count());
            return audited.map(fallback);
        }).map(d -> {
            if (!d.allowed()) {
                metrics.rateLimited(c.name());
            }
            return d;
        });
    }

    public boolean degraded() {
        return degraded.get();
    }

    /** Drops ended in-process windows; call now and then. */
    public void sweep(long longestWindowMs) {
        local.sweep(System.currentTimeMillis(), longestWindowMs);
    }
}
