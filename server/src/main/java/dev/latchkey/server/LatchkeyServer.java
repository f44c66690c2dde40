package dev.latchkey.server;

import dev.latchkey.server.config.ConfigException;
import dev.latchkey.server.config.Secrets;
import dev.latchkey.server.config.SecretsLoader;
import dev.latchkey.server.config.ServerConfig;
import dev.latchkey.server.http.HttpVerticle;
import dev.latchkey.server.infra.PgUri;
import dev.latchkey.server.infra.Postgres;
import dev.latchkey.server.infra.RedisStore;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

/**
 * Starts the whole server in order: secrets, migrations, PostgreSQL, Redis, first admin, HTTP.
 * Each step that cannot proceed fails with a {@link ConfigException} whose message names the
 * problem (and the URI, without its password) in one line.
 */
public final class LatchkeyServer {

    private static final Logger LOG = Logger.getLogger(LatchkeyServer.class.getName());

    private final Vertx vertx;
    private final Services services;
    private final String deploymentId;
    private final List<HttpVerticle> instances;
    private long[] timers = new long[0];

    private LatchkeyServer(Vertx vertx, Services services, String deploymentId, List<HttpVerticle> instances) {
        this.vertx = vertx;
        this.services = services;
        this.deploymentId = deploymentId;
        this.instances = instances;
    }

    public static Future<LatchkeyServer> start(Vertx vertx, ServerConfig config) {
        return start(vertx, config, dev.latchkey.server.ops.Metrics.standalone());
    }

    /** With the metrics registry Vert.x itself reports into (see {@link Main}). */
    public static Future<LatchkeyServer> start(Vertx vertx, ServerConfig config, dev.latchkey.server.ops.Metrics metrics) {
        PgUri pgUri;
        try {
            pgUri = PgUri.parse(config.pgUri());
        } catch (ConfigException e) {
            return Future.failedFuture(e);
        }
        return vertx.executeBlocking(() -> SecretsLoader.load(config), false)
                .compose(secrets -> Postgres.migrate(vertx, pgUri).map(n -> {
                    if (n > 0) {
                        LOG.info("Applied " + n + " database migration(s)");
                    }
                    return secrets;
                }))
                .compose(secrets -> connect(vertx, config, pgUri, secrets, metrics))
                .compose(services -> services.protection().blocklist().start().map(services))
                .compose(services -> services.users().bootstrapAdmin(config.adminUsername(), config.adminPassword())
                        .compose(x -> deploy(vertx, services))
                        .onSuccess(server -> {
                            services.licensing().jobs().start();
                            services.auditPartitions().start();
                            long loopTimer = services.metrics().watchEventLoop(vertx);
                            long sweepTimer = vertx.setPeriodic(60_000, t -> services.protection().limiter().sweep(86_400_000L));
                            server.timers = new long[] {loopTimer, sweepTimer};
                        })
                        .recover(err -> services.close().transform(x -> Future.failedFuture(err))));
    }

    /** Opens the pool and the Redis client, proving both answer before anything listens. */
    static Future<Services> connect(Vertx vertx, ServerConfig config, PgUri pgUri, Secrets secrets,
                                    dev.latchkey.server.ops.Metrics metrics) {
        var limits = config.backends();
        Pool pool = Postgres.pool(vertx, pgUri, new Postgres.PoolLimits(config.pgPoolSize(), limits.pgWaitQueue(),
                limits.pgWaitTimeout(), limits.pgConnectTimeout(), limits.pgQueryTimeout(), limits.pgStatementCache()));
        RedisStore redis = RedisStore.create(vertx, config.redisUri(), config.redisPrefix(), limits.redisTimeout());
        Future<Void> pg = Postgres.ping(pool).recover(err -> Future.failedFuture(
                new ConfigException("Cannot connect to PostgreSQL at " + pgUri.display() + ": " + err.getMessage(), err)));
        return pg.compose(v -> redis.ping().recover(err -> Future.failedFuture(
                        new ConfigException("Cannot connect to Redis at " + redis.display() + ": " + err.getMessage(), err))))
                .map(v -> Services.wire(vertx, config, secrets, pool, redis, metrics))
                .recover(err -> pool.close().eventually(redis::close).transform(x -> Future.failedFuture(err)));
    }

    private static Future<LatchkeyServer> deploy(Vertx vertx, Services services) {
        List<HttpVerticle> instances = new CopyOnWriteArrayList<>();
        return vertx.deployVerticle(() -> {
                    HttpVerticle v = new HttpVerticle(services);
                    instances.add(v);
                    return v;
                }, new DeploymentOptions().setInstances(services.config().httpInstances()))
                .recover(err -> Future.failedFuture(new ConfigException("Cannot listen on "
                        + services.config().httpHost() + ":" + services.config().httpPort() + ": " + err.getMessage(), err)))
                .map(id -> new LatchkeyServer(vertx, services, id, instances));
    }

    public int port() {
        return instances.get(0).actualPort();
    }

    public Services services() {
        return services;
    }

    /** Stops listening, flushes the audit queue, closes clients. */
    public Future<Void> stop() {
        for (long t : timers) {
            vertx.cancelTimer(t);
        }
        return vertx.undeploy(deploymentId).eventually(services::close);
    }
}
