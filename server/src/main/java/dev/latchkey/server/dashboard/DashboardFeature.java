package dev.latchkey.server.dashboard;

import dev.latchkey.server.Services;
import dev.latchkey.server.audit.AuditService;
import dev.latchkey.server.config.ServerConfig;
import dev.latchkey.server.http.RouteTable;
import dev.latchkey.server.infra.RedisStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/**
 * The admin dashboard under {@code /admin} (issue 6, docs/dashboard.md): server-rendered FreeMarker pages
 * from the {@code web-admin} module, a live event stream, English and Korean.
 *
 * <p>Process-wide parts are made once in {@link #wire}: the audit listener that publishes every audit event
 * to Redis, and the hub that fans those events (and the overview statistics) out to the browsers connected to
 * this node. Parts that need the whole object graph (database, sessions, metrics) are made at the first
 * {@link #mount}, which runs once per HTTP verticle instance.
 */
public final class DashboardFeature {

    private final Vertx vertx;
    private final I18n i18n;
    private final Views views;
    private final Assets assets;
    private final AuditFanout fanout;
    private final EventHub hub;
    private volatile Shared shared;

    private DashboardFeature(Vertx vertx, I18n i18n, Views views, Assets assets, AuditFanout fanout, EventHub hub) {
        this.vertx = vertx;
        this.i18n = i18n;
        this.views = views;
        this.assets = assets;
        this.fanout = fanout;
        this.hub = hub;
    }

    public static DashboardFeature wire(Vertx vertx, ServerConfig config, RedisStore redis, AuditService audit) {
        I18n i18n = I18n.load();
        Views views = new Views();
        Assets assets = Assets.load();
        EventChannel channel = new EventChannel(redis);
        AuditFanout fanout = new AuditFanout(vertx, channel);
        audit.onRecord(fanout::accept);
        EventHub hub = new EventHub(vertx, redis, channel);
        return new DashboardFeature(vertx, i18n, views, assets, fanout, hub);
    }

    public void mount(Router router, RouteTable routes, Services services) {
        Shared s = shared(services);
        Pages pages = new Pages(views, i18n, s.flash());
        AdminGate gate = new AdminGate(services.sessions(), services.users(), s.csrf());
        PageErrors errors = new PageErrors(pages, s.flash());
        Actions actions = new Actions(gate, s.csrf(), errors, s.flash());

        new AssetRoutes(assets).mount(routes);
        new LoginRoutes(services, pages, s.csrf(), gate, errors, i18n).mount(routes);
        new OverviewRoutes(pages, actions, s.stats()).mount(routes);
        new EventRoutes(hub, gate, errors).mount(routes);
        new UserPages(services, pages, s.reads(), actions).mount(routes);
        new LicensePages(services, pages, s.reads(), actions).mount(routes);
        new ProductPages(services, pages, s.reads(), actions).mount(routes);
        new DevicePages(services, pages, s.reads(), actions, s.stats()).mount(routes);
        new SessionPages(services, pages, s.reads(), actions, s.stats()).mount(routes);
        new BlocklistPages(services, pages, actions).mount(routes);
        new AuditPages(services, pages, s.reads(), actions).mount(routes);
        new FilePages(services, pages, s.reads(), gate, s.csrf(), errors, actions).mount(routes);
    }

    /** Parts made once per process from the full object graph, at the first mount. */
    private record Shared(Csrf csrf, Flash flash, DashboardReads reads, DashboardService stats, HeartbeatSeries heartbeats) {
    }

    private synchronized Shared shared(Services services) {
        if (shared == null) {
            DashboardReads reads = new DashboardReads(services.pool());
            HeartbeatSeries heartbeats = new HeartbeatSeries(vertx, services.redis(), HeartbeatSeries.counter(services.metrics()));
            DashboardService stats = new DashboardService(reads, heartbeats,
                    new Recounts(reads, services.redis(), services.config().webSessionIdle()));
            fanout.resolveNamesWith(reads::usernames);
            hub.statsFrom(stats::snapshot);
            heartbeats.start();
            services.metrics().gauge("latchkey_dashboard_streams", "Open dashboard event streams on this node", hub::openStreams);
            shared = new Shared(new Csrf(services.secrets().jwtSecret()), new Flash(services.redis()), reads, stats, heartbeats);
        }
        return shared;
    }

    /** The live-event hub of this node (tests watch its streams, timers and Redis subscription). */
    public EventHub hub() {
        return hub;
    }

    /** Stops timers, ends every open stream and releases the Redis subscription; publishes what is pending. */
    public Future<Void> close() {
        Shared s = shared;
        Future<Void> hb = s == null ? Future.succeededFuture() : s.heartbeats().stop();
        return hub.close().eventually(() -> fanout.close()).eventually(() -> hb);
    }
}
