package dev.latchkey.server.files;

import dev.latchkey.server.auth.Authenticator;
import dev.latchkey.server.auth.Principal;
import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.Bodies;
import dev.latchkey.server.http.ClientInfo;
import dev.latchkey.server.http.Responses;
import dev.latchkey.server.http.RouteTable;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * {@code /api/v1/files}: what the caller may download, the containers themselves (zero-copy, resumable),
 * and the file key wrapped for the caller's token.
 */
final class FileRoutes {

    static final String WRAPPED_KEY = "X-Latchkey-Wrapped-Key";
    static final String SHA256 = "X-Latchkey-Sha256";
    static final String SIGNATURE = "X-Latchkey-Signature";
    static final String FILE_ID = "X-Latchkey-File-Id";
    static final String SIZE = "X-Latchkey-Size";

    private final FileService service;
    private final FileStore store;
    private final Authenticator auth;

    FileRoutes(FileService service, FileStore store, Authenticator auth) {
        this.service = service;
        this.store = store;
        this.auth = auth;
    }

    void mount(RouteTable routes, Handler<RoutingContext> downloadLimit) {
        routes.get("/api/v1/files", auth.required(), this::list);
        routes.get("/api/v1/files/:id/download", auth.required(), downloadLimit, this::download);
        routes.get("/api/v1/files/:id/key", auth.required(), downloadLimit, this::key);
    }

    private void list(RoutingContext ctx) {
        String product = ctx.queryParams().get("product_id");
        UUID productId = null;
        if (product != null && !product.isBlank()) {
            try {
                productId = UUID.fromString(product.trim());
            } catch (IllegalArgumentException e) {
                throw ApiException.validation("product_id must be a UUID");
            }
        }
        service.visible(Authenticator.principal(ctx), productId, Bodies.intQuery(ctx, "limit", 100, 1, 500),
                        Bodies.intQuery(ctx, "offset", 0, 0, Integer.MAX_VALUE))
                .onSuccess(page -> Responses.json(ctx, 200, page)).onFailure(ctx::fail);
    }

    private void key(RoutingContext ctx) {
        Principal p = Authenticator.principal(ctx);
        ClientInfo client = ClientInfo.of(ctx);
        service.grant(p, bearerToken(ctx), Bodies.uuidParam(ctx, "id", "File"), "file.key", client)
                .compose(g -> service.served("file.key", p, g.file(), client, true, new JsonObject()).map(g))
                .onSuccess(g -> {
                    StoredFile f = g.file();
                    Responses.json(ctx, 200, new JsonObject()
                            .put("file_id", f.id().toString())
                            .put("wrapped_key", g.wrappedKey())
                            .put("sha256", f.sha256Hex())
                            .put("signature", f.signatureBase64())
                            .put("size", f.size())
                            .put("container_size", f.containerSize()));
                })
                .onFailure(ctx::fail);
    }

    private void download(RoutingContext ctx) {
        Principal p = Authenticator.principal(ctx);
        ClientInfo client = ClientInfo.of(ctx);
        String range = ctx.request().getHeader("Range");
        String ifRange = ctx.request().getHeader("If-Range");
        service.grant(p, bearerToken(ctx), Bodies.uuidParam(ctx, "id", "File"), "file.download", client)
                .compose(g -> store.length(g.file().id()).map(length -> {
                    if (length != g.file().containerSize()) {
                        throw new IllegalStateException("stored container of file " + g.file().id() + " has " + length
                                + " bytes, the database says " + g.file().containerSize());
                    }
                    return g;
                }))
                .onSuccess(g -> send(ctx, p, client, g, range, ifRange))
                .onFailure(ctx::fail);
    }

    private void send(RoutingContext ctx, Principal p, ClientInfo client, FileService.Grant g, String rangeHeader, String ifRange) {
        StoredFile f = g.file();
        long total = f.containerSize();
        String etag = etag(f);
        // If-Range: resume only if the container is still the one the client has; otherwise send it whole.
        // No Last-Modified is sent, so a date here never matches.
        ByteRange range = ifRange == null || ifRange.trim().equals(etag)
                ? ByteRange.parse(rangeHeader, total) : ByteRange.full(total);
        HttpServerResponse response = ctx.response()
                .putHeader("Accept-Ranges", "bytes")
                .putHeader("ETag", etag)
                .putHeader("Cache-Control", "no-store");
        JsonObject details = new JsonObject().put("range", rangeHeader);
        if (range.kind() == ByteRange.Kind.UNSATISFIABLE) {
            response.putHeader("Content-Range", "bytes */" + total);
            service.served("file.download", p, f, client, false, details.put("status", 416))
                    .onComplete(x -> sendUnsatisfiable(response, total));
            return;
        }
        response.putHeader("Content-Type", "application/octet-stream")
                .putHeader("Content-Disposition", "attachment; filename=\"" + f.id() + ".lkc\"")
                .putHeader(WRAPPED_KEY, g.wrappedKey())
                .putHeader(SHA256, f.sha256Hex())
                .putHeader(SIGNATURE, f.signatureBase64())
                .putHeader(FILE_ID, f.id().toString())
                .putHeader(SIZE, String.valueOf(f.size()))
                .putHeader("Content-Length", String.valueOf(range.length()));
        int status = 200;
        if (range.kind() == ByteRange.Kind.PARTIAL) {
            status = 206;
            response.putHeader("Content-Range", range.contentRange(total));
        }
        response.setStatusCode(status);
        int sent = status;
        // Zero-copy: the kernel moves the stored bytes to the socket (sendfile); no plaintext exists here.
        // The one event written after its response: it records whether every byte went out (see README, Audit).
        response.sendFile(store.container(f.id()).toString(), range.start(), range.length()).onComplete(done -> service.served(
                "file.download", p, f, client, done.succeeded(),
                details.put("status", sent).put("offset", range.start()).put("length", range.length())));
    }

    /**
     * 416 in the API's error format. Written here because the shared error codes have no 416 yet
     * (RANGE_NOT_SATISFIABLE is proposed for http/ErrorCode).
     */
    private static void sendUnsatisfiable(HttpServerResponse response, long total) {
        JsonObject body = new JsonObject().put("error", new JsonObject().put("code", "RANGE_NOT_SATISFIABLE")
                .put("message", "The range starts beyond the end of the " + total + "-byte container"));
        response.setStatusCode(416).putHeader("Content-Type", "application/json; charset=utf-8").end(body.toBuffer());
    }

    /**
     * The container is written once under its id and never changes (rotation re-wraps only the database copy of
     * the key), so id and length identify its bytes: a strong validator.
     */
    static String etag(StoredFile f) {
        return "\"" + f.id() + "-" + f.containerSize() + "\"";
    }

    /**
     * The token the caller authenticated with, exactly as {@link Authenticator} read it: the file key is
     * wrapped under it. A cookie session has no token a client could derive the key from.
     */
    private static String bearerToken(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (Authenticator.principal(ctx).via() != Principal.Via.BEARER || header == null) {
            throw ApiException.forbidden("File keys are only given to a bearer token of the desktop client");
        }
        return header.substring("Bearer ".length()).trim();
    }
}
