package dev.latchkey.server.files;

import dev.latchkey.server.http.ApiException;
import io.vertx.core.MultiMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The metadata of an upload, from the query string of {@code POST /api/v1/admin/files} (the body is the file
 * itself). Validated before a single byte of the body is read.
 */
record UploadRequest(UUID productId, String name, String version, String channel, String feature, String notes) {

    /** Lowercase, so {@code channel:<name>} features and role checks never disagree about case. */
    static final Pattern CHANNEL = Pattern.compile("[a-z0-9][a-z0-9._-]{0,31}");

    static UploadRequest parse(MultiMap query) {
        String product = query.get("product_id");
        if (product == null || product.isBlank()) {
            throw ApiException.validation("product_id is required");
        }
        UUID productId;
        try {
            productId = UUID.fromString(product.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("product_id must be a UUID");
        }
        String name = required(query, "name", 200);
        String version = required(query, "version", 100);
        String channel = channel(query.get("channel"));
        String feature = optional(query, "feature", 100);
        String notes = query.get("notes");
        if (notes != null && notes.length() > 2000) {
            throw ApiException.validation("notes must be at most 2000 characters");
        }
        return new UploadRequest(productId, name, version, channel == null ? StoredFile.STABLE : channel, feature,
                notes == null || notes.isBlank() ? null : notes);
    }

    /** A channel name as given by an admin; null when absent. */
    static String channel(String raw) {
        if (raw == null) {
            return null;
        }
        String c = raw.trim();
        if (!CHANNEL.matcher(c).matches()) {
            throw ApiException.validation("channel must be 1-32 lowercase letters, digits, '.', '_' or '-' (e.g. stable, beta)");
        }
        return c;
    }

    private static String required(MultiMap query, String field, int max) {
        String v = optional(query, field, max);
        if (v == null) {
            throw ApiException.validation(field + " is required");
        }
        return v;
    }

    private static String optional(MultiMap query, String field, int max) {
        String v = query.get(field);
        if (v == null || v.isBlank()) {
            return null;
        }
        v = v.trim();
        if (v.length() > max || v.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.validation(field + " must be at most " + max + " printable characters");
        }
        return v;
    }
}
