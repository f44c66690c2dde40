package dev.latchkey.server.files;

import dev.latchkey.protocol.container.ContainerSummary;
import dev.latchkey.protocol.container.Dek;
import dev.latchkey.server.accounts.UserService;
import dev.latchkey.server.audit.AuditEvent;
import dev.latchkey.server.audit.AuditService;
import dev.latchkey.server.auth.Principal;
import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.ClientInfo;
import dev.latchkey.server.http.ErrorCode;
import dev.latchkey.server.licensing.Entitlements;
import dev.latchkey.server.licensing.LicenseCache;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;

/** Rules of file distribution: releasing files, and who may fetch which file and its key. */
final class FileService {

    private static final Logger LOG = Logger.getLogger(FileService.class.getName());

    /** A file the caller may download, with its key wrapped for the caller's token. */
    record Grant(StoredFile file, String wrappedKey) {
    }

    private final FileRepository files;
    private final FileStore store;
    private final FileKeys keys;
    private final LicenseCache entitlements;
    private final AuditService audit;

    FileService(FileRepository files, FileStore store, FileKeys keys, LicenseCache entitlements, AuditService audit) {
        this.files = files;
        this.store = store;
        this.keys = keys;
        this.entitlements = entitlements;
        this.audit = audit;
    }

    /** Checks that the release may be stored, before a byte of it is read. */
    Future<Void> prepare(UploadRequest r) {
        return files.productExists(r.productId()).compose(exists -> {
            if (!exists) {
                return Future.failedFuture(ApiException.notFound("Product"));
            }
            return files.releaseExists(r);
        }).compose(taken -> taken
                ? Future.failedFuture(conflict(r))
                : Future.<Void>succeededFuture());
    }

    /** Signs the digest, wraps the key and records a container that is stored; deletes it if that fails. */
    Future<StoredFile> register(UploadRequest r, UUID id, Dek dek, int segmentSize, ContainerSummary summary,
                                UserService.Actor actor) {
        byte[] sha256 = summary.sha256();
        StoredFile row = new StoredFile(id, r.productId(), r.name(), r.version(), r.channel(), r.feature(), r.notes(),
                summary.plaintextLength(), segmentSize, summary.containerLength(), sha256, keys.sign(id, sha256),
                keys.wrapAtRest(dek, id), StoredFile.PUBLISHED, actor.id(), null, null);
        return files.insert(row)
                .recover(err -> store.delete(id).otherwiseEmpty().transform(x -> Future.failedFuture(
                        err instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState()) ? conflict(r) : err)))
                .compose(f -> audit.record(AuditEvent.of("file.upload", AuditEvent.Outcome.SUCCESS)
                        .actor(actor.id(), actor.name()).target("file", f.id()).client(actor.client())
                        .detail("product_id", f.productId()).detail("name", f.name()).detail("version", f.version())
                        .detail("channel", f.channel()).detail("size", f.size()).detail("sha256", f.sha256Hex())
                        .build()).map(f));
    }

    /** An upload that did not become a file (too large, aborted, storage error). */
    Future<Void> uploadFailed(UploadRequest r, UUID id, long received, Throwable cause, UserService.Actor actor) {
        String reason = cause instanceof ApiException api ? api.code().name()
                : cause instanceof EncryptingUpload.UploadAborted ? "ABORTED" : "STORAGE_ERROR";
        return audit.record(AuditEvent.of("file.upload", AuditEvent.Outcome.FAILURE)
                .actor(actor.id(), actor.name()).target("file", id).client(actor.client())
                .detail("product_id", r.productId()).detail("name", r.name()).detail("version", r.version())
                .detail("received", received).detail("reason", reason).build());
    }

    Future<JsonObject> list(UUID productId, String status, String channel, int limit, int offset) {
        return files.list(productId, status, channel, limit, offset);
    }

    Future<StoredFile> update(UUID id, String status, String channel, String notes, boolean setNotes, UserService.Actor actor) {
        return files.update(id, status, channel, notes, setNotes)
                .map(f -> f.orElseThrow(() -> ApiException.notFound("File")))
                .compose(f -> audit.record(AuditEvent.of("file.update", AuditEvent.Outcome.SUCCESS)
                        .actor(actor.id(), actor.name()).target("file", f.id()).client(actor.client())
                        .detail("status", status).detail("channel", channel).detail("notes_changed", setNotes ? true : null)
                        .build()).map(f));
    }

    /** Removes the row first (no new download can start), then the container; a download under way keeps its open file. */
    Future<Void> delete(UUID id, UserService.Actor actor) {
        return files.delete(id)
                .map(f -> f.orElseThrow(() -> ApiException.notFound("File")))
                .compose(f -> store.delete(id)
                        .onSuccess(existed -> {
                            if (!existed) {
                                LOG.warning("File " + id + " had no stored container to delete");
                            }
                        })
                        .compose(x -> audit.record(AuditEvent.of("file.delete", AuditEvent.Outcome.SUCCESS)
                                .actor(actor.id(), actor.name()).target("file", id).client(actor.client())
                                .detail("product_id", f.productId()).detail("name", f.name()).detail("version", f.version())
                                .build())));
    }

    /** {@code {"items","total"}}: every published file the caller may download now (see {@link FileAccess}). */
    Future<JsonObject> visible(Principal p, UUID productFilter, int limit, int offset) {
        return entitlements.lookup(p).compose(found -> {
            if (!found.sessionLive()) {
                return Future.failedFuture(ended());
            }
            Entitlements e = found.entitlements();
            Map<UUID, String> products = new HashMap<>();
            for (Entitlements.Entry l : e.licenses()) {
                if (productFilter == null || productFilter.equals(l.productId())) {
                    products.put(l.productId(), l.product());
                }
            }
            long now = Instant.now().getEpochSecond();
            return files.publishedFor(products.keySet()).map(all -> {
                List<StoredFile> open = all.stream().filter(f -> FileAccess.refusal(p, e, f, now) == null).toList();
                JsonArray items = new JsonArray();
                open.stream().skip(offset).limit(limit)
                        .forEach(f -> items.add(f.toClientJson().put("product", products.get(f.productId()))));
                return new JsonObject().put("items", items).put("total", open.size());
            });
        });
    }

    /**
     * Re-checks the caller's right to {@code fileId} on this request (license status, device, feature, channel)
     * and wraps the file's key for {@code accessToken}. A refusal is audited as {@code action}, denied.
     */
    Future<Grant> grant(Principal p, String accessToken, UUID fileId, String action, ClientInfo client) {
        return files.find(fileId).compose(found -> {
            StoredFile f = found.filter(StoredFile::published).orElse(null);
            if (f == null) {
                // Yanked files answer like missing ones: hidden from new downloads.
                return Future.failedFuture(ApiException.notFound("File"));
            }
            return entitlements.lookup(p).compose(seen -> {
                if (!seen.sessionLive()) {
                    return Future.failedFuture(ended());
                }
                Entitlements e = seen.entitlements();
                ApiException refusal = FileAccess.refusal(p, e, f, Instant.now().getEpochSecond());
                if (refusal != null) {
                    return audit.record(event(action, AuditEvent.Outcome.DENIED, p, f, client)
                            .detail("code", refusal.code().name()).build())
                            .transform(x -> Future.failedFuture(refusal));
                }
                return Future.succeededFuture(new Grant(f, keys.wrapForUser(f, accessToken, p.userId())));
            });
        });
    }

    /** The one audit event of a granted download or key request, with what was sent. */
    Future<Void> served(String action, Principal p, StoredFile f, ClientInfo client, boolean ok, JsonObject details) {
        AuditEvent.Builder b = event(action, ok ? AuditEvent.Outcome.SUCCESS : AuditEvent.Outcome.FAILURE, p, f, client);
        details.forEach(d -> b.detail(d.getKey(), d.getValue()));
        return audit.record(b.build());
    }

    private static AuditEvent.Builder event(String action, AuditEvent.Outcome outcome, Principal p, StoredFile f,
                                            ClientInfo client) {
        return AuditEvent.of(action, outcome).actor(p.userId(), null).target("file", f.id()).client(client)
                .detail("device_id", p.deviceId()).detail("product_id", f.productId());
    }

    /** The session ended between the authentication and this read (revoked meanwhile). */
    private static ApiException ended() {
        return new ApiException(ErrorCode.TOKEN_REVOKED, "Session has ended; sign in again");
    }

    private static ApiException conflict(UploadRequest r) {
        return new ApiException(ErrorCode.CONFLICT, "Version " + r.version() + " of " + r.name() + " already exists in channel "
                + r.channel() + "; delete it or upload another version");
    }
}
