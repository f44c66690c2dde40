package dev.latchkey.server.files;

import dev.latchkey.server.audit.AuditService;
import dev.latchkey.server.auth.Authenticator;
import dev.latchkey.server.config.Secrets;
import dev.latchkey.server.config.ServerConfig;
import dev.latchkey.server.http.RouteTable;
import dev.latchkey.server.licensing.LicenseCache;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Secure file distribution (issue 5, docs/files.md): admins upload files that are encrypted as they arrive
 * into {@code DATA_DIR/files/}; licensed users list them and download the stored containers with the file
 * key wrapped for their own access token. Wired once per process; mounted once per HTTP verticle instance.
 */
public final class FilesFeature {

    private static final Logger LOG = Logger.getLogger(FilesFeature.class.getName());

    /** An unfinished upload untouched this long belongs to a process that died; it is removed at start. */
    private static final Duration STALE_PART = Duration.ofHours(1);

    private final Vertx vertx;
    private final FileService service;
    private final FileStore store;
    private final long maxUploadBytes;

    private FilesFeature(Vertx vertx, FileService service, FileStore store, long maxUploadBytes) {
        this.vertx = vertx;
        this.service = service;
        this.store = store;
        this.maxUploadBytes = maxUploadBytes;
    }

    public static FilesFeature wire(Vertx vertx, ServerConfig config, Secrets secrets, Pool pool, AuditService audit,
                                    LicenseCache entitlements) {
        FileStore store = new FileStore(vertx, config.dataDir());
        store.init(STALE_PART).onFailure(e -> LOG.severe("File store " + store.dir()
                + " is unusable; uploads will fail: " + e.getMessage()));
        FileService service = new FileService(new FileRepository(pool), store, new FileKeys(secrets), entitlements, audit);
        return new FilesFeature(vertx, service, store, config.files().maxUploadBytes());
    }

    /**
     * Mounts the admin and client routes. {@code downloadLimit} runs after authentication on the download
     * and key routes (it needs the caller).
     */
    public void mount(RouteTable routes, Authenticator auth, Handler<RoutingContext> downloadLimit) {
        new AdminFileRoutes(service, store, auth, new UploadGuard(vertx), maxUploadBytes).mount(routes);
        new FileRoutes(service, store, auth).mount(routes, downloadLimit);
    }

    /** Waits until unfinished uploads cut off by the shutdown are deleted. */
    public Future<Void> close() {
        return store.drain();
    }
}
