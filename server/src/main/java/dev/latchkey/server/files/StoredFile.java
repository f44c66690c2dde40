package dev.latchkey.server.files;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * A distributed file as stored. {@code wrappedDek} is the data key wrapped under the master key: it never
 * leaves the server and is never put into JSON.
 */
record StoredFile(UUID id, UUID productId, String name, String version, String channel, String requiredFeature,
                  String notes, long size, int segmentSize, long containerSize, byte[] sha256, byte[] signature,
                  byte[] wrappedDek, String status, UUID createdBy, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static final String PUBLISHED = "published";
    static final String YANKED = "yanked";
    static final List<String> STATUSES = List.of(PUBLISHED, YANKED);
    static final String STABLE = "stable";

    static StoredFile from(Row r) {
        return new StoredFile(r.getUUID("id"), r.getUUID("product_id"), r.getString("name"), r.getString("version"),
                r.getString("channel"), r.getString("required_feature"), r.getString("notes"), r.getLong("size"),
                r.getInteger("segment_size"), r.getLong("container_size"), r.getBuffer("sha256").getBytes(),
                r.getBuffer("signature").getBytes(), r.getBuffer("wrapped_dek").getBytes(), r.getString("status"),
                r.getUUID("created_by"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"));
    }

    boolean published() {
        return PUBLISHED.equals(status);
    }

    String sha256Hex() {
        return HexFormat.of().formatHex(sha256);
    }

    String signatureBase64() {
        return Base64.getEncoder().encodeToString(signature);
    }

    /** What a downloader sees: enough to fetch, check and decrypt the container. */
    JsonObject toClientJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("product_id", productId.toString())
                .put("name", name)
                .put("version", version)
                .put("channel", channel)
                .put("required_feature", requiredFeature)
                .put("notes", notes)
                .put("size", size)
                .put("container_size", containerSize)
                .put("segment_size", segmentSize)
                .put("sha256", sha256Hex())
                .put("signature", signatureBase64())
                .put("created_at", iso(createdAt));
    }

    /** What an administrator sees: the client view plus status and provenance. */
    JsonObject toAdminJson() {
        return toClientJson()
                .put("status", status)
                .put("created_by", createdBy == null ? null : createdBy.toString())
                .put("updated_at", iso(updatedAt));
    }

    private static String iso(OffsetDateTime t) {
        return t == null ? null : t.toInstant().toString();
    }
}
