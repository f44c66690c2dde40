package dev.latchkey.client.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** A file the caller may download, from {@code GET /api/v1/files}: what is needed to fetch, check and decrypt it. */
public record FileInfo(String id, String productId, String name, String version, String channel, String requiredFeature,
                       String notes, long size, long containerSize, String sha256, String signature) {

    static FileInfo from(JsonNode n) {
        return new FileInfo(Json.text(n, "id"), Json.text(n, "product_id"), Json.text(n, "name"), Json.text(n, "version"),
                Json.text(n, "channel"), Json.text(n, "required_feature"), Json.text(n, "notes"), n.path("size").asLong(),
                n.path("container_size").asLong(), Json.text(n, "sha256"), Json.text(n, "signature"));
    }

    /** The lowercase extension of the name ({@code jar}, {@code lua}), or empty. */
    public String extension() {
        int dot = name == null ? -1 : name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
