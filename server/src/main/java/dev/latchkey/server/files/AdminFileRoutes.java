package dev.latchkey.server.files;

import dev.latchkey.protocol.container.Dek;
import dev.latchkey.server.accounts.UserService;
import dev.latchkey.server.auth.Authenticator;
import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.ApiRouter;
import dev.latchkey.server.http.Bodies;
import dev.latchkey.server.http.ClientInfo;
import dev.latchkey.server.http.ErrorCode;
import dev.latchkey.server.http.Responses;
import dev.latchkey.server.http.RouteTable;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.UUID;
import java.util.logging.Logger;

/** {@code /api/v1/admin/files}: release (streamed upload), list, yank or publish, delete. */
final class AdminFileRoutes {

    private static final Logger LOG = Logger.getLogger(AdminFileRoutes.class.getName());

    private final FileService service;
    private final FileStore store;
    private final Authenticator auth;
    private final UploadGuard guard;
    private final long maxUploadBytes;

    AdminFileRoutes(FileService service, FileStore store, Authenticator auth, UploadGuard guard, long maxUploadBytes) {
        this.service = service;
        this.store = store;
        this.auth = auth;
        this.guard = guard;
        this.maxUploadBytes = maxUploadBytes;
    }

    void mount(RouteTable routes) {
        // The pause comes first and synchronously: the body must wait, unread, until an admin is established
        // and the release is checked (ApiRouter reads no body on this path).
        routes.post(ApiRouter.UPLOAD_PATH, guard::pause, auth.required(), auth.admin(), this::upload)
                .failureHandler(guard::closeAfterAnswer);
        routes.get("/api/v1/admin/files", auth.required(), auth.admin(), this::list);
        routes.patch("/api/v1/admin/files/:id", auth.required(), auth.admin(), this::update);
        routes.delete("/api/v1/admin/files/:id", auth.required(), auth.admin(), this::delete);
    }

    private void upload(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        UploadRequest release = UploadRequest.parse(ctx.queryParams());
        requireOctetStream(request.getHeader("Content-Type"));
        long declared = declaredLength(request.getHeader("Content-Length"));
        if (declared > maxUploadBytes) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "The file is larger than the upload limit of " + maxUploadBytes + " bytes");
        }
        UserService.Actor actor = actor(ctx);
        UUID id = UUID.randomUUID();
        Dek dek = Dek.generate();
        EncryptingUpload upload = new EncryptingUpload(request, store, id, dek, maxUploadBytes);
        service.prepare(release)
                .compose(v -> upload.start()
                        .compose(summary -> service.register(release, id, dek, upload.segmentSize(), summary, actor))
                        .recover(err -> service.uploadFailed(release, id, upload.received(), err, actor)
                                .transform(x -> Future.failedFuture(err))))
                .onSuccess(f -> Responses.json(ctx, 201, f.toAdminJson()))
                .onFailure(err -> {
                    if (err instanceof EncryptingUpload.UploadAborted) {
                        LOG.info("Upload of file " + id + " abandoned by the client: " + err.getMessage());
                        return;
                    }
                    ctx.fail(err);
                });
    }

    private void list(RoutingContext ctx) {
        UUID product = optionalUuid(ctx.queryParams().get("product_id"), "product_id");
        String status = ctx.queryParams().get("status");
        if (status != null && !StoredFile.STATUSES.contains(status)) {
            throw ApiException.validation("status must be one of " + StoredFile.STATUSES);
        }
        String channel = UploadRequest.channel(ctx.queryParams().get("channel"));
        service.list(product, status, channel, Bodies.intQuery(ctx, "limit", 100, 1, 500),
                        Bodies.intQuery(ctx, "offset", 0, 0, Integer.MAX_VALUE))
                .onSuccess(page -> Responses.json(ctx, 200, page)).onFailure(ctx::fail);
    }

    private void update(RoutingContext ctx) {
        UUID id = Bodies.uuidParam(ctx, "id", "File");
        JsonObject b = Bodies.json(ctx);
        String status = Bodies.string(b, "status");
        if (status != null && !StoredFile.STATUSES.contains(status)) {
            throw ApiException.validation("status must be one of " + StoredFile.STATUSES);
        }
        String channel = UploadRequest.channel(Bodies.string(b, "channel"));
        boolean setNotes = b.containsKey("notes");
        String notes = Bodies.string(b, "notes");
        if (notes != null && notes.length() > 2000) {
            throw ApiException.validation("notes must be at most 2000 characters");
        }
        if (status == null && channel == null && !setNotes) {
            throw ApiException.validation("Nothing to change: give status, channel or notes");
        }
        service.update(id, status, channel, notes == null || notes.isBlank() ? null : notes, setNotes, actor(ctx))
                .onSuccess(f -> Responses.json(ctx, 200, f.toAdminJson())).onFailure(ctx::fail);
    }

    private void delete(RoutingContext ctx) {
        service.delete(Bodies.uuidParam(ctx, "id", "File"), actor(ctx))
                .onSuccess(v -> Responses.noContent(ctx)).onFailure(ctx::fail);
    }

    private static UserService.Actor actor(RoutingContext ctx) {
        return new UserService.Actor(Authenticator.principal(ctx).userId(), null, ClientInfo.of(ctx));
    }

    /**
     * The body is the file itself. A form or JSON type means the client encoded it (curl's {@code -d} or
     * {@code -F}), which would store the wrong bytes: refused rather than guessed at.
     */
    private static void requireOctetStream(String type) {
        if (type == null) {
            return;
        }
        String base = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!base.equals("application/octet-stream")) {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Send the file as the raw body with Content-Type: application/octet-stream");
        }
    }

    private static long declaredLength(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            throw ApiException.validation("Content-Length is not a number");
        }
    }

    private static UUID optionalUuid(String raw, String name) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(raw.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.validation(name + " must be a UUID");
        }
    }
}
