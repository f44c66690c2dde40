package dev.latchkey.server.files;

/** SQL of the files feature. */
final class FileSql {

    static final String COLUMNS = "id, product_id, name, version, channel, required_feature, notes, size, segment_size, "
            + "container_size, sha256, signature, wrapped_dek, status, created_by, created_at, updated_at";

    static final String PRODUCT_EXISTS = "SELECT 1 FROM products WHERE id = $1";

    static final String RELEASE_EXISTS = "SELECT 1 FROM files WHERE product_id = $1 AND name = $2 AND version = $3 AND channel = $4";

    static final String INSERT = "INSERT INTO files (id, product_id, name, version, channel, required_feature, notes, size, "
            + "segment_size, container_size, sha256, signature, wrapped_dek, created_by) "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING " + COLUMNS;

    static final String FIND = "SELECT " + COLUMNS + " FROM files WHERE id = $1";

    /** Admin listing filter; each condition is ignored when its parameter is null. */
    private static final String FILTER = " WHERE ($1::uuid IS NULL OR product_id = $1) AND ($2::text IS NULL OR status = $2) "
            + "AND ($3::text IS NULL OR channel = $3)";

    static final String LIST = "SELECT " + COLUMNS + " FROM files" + FILTER + " ORDER BY created_at DESC, id LIMIT $4 OFFSET $5";

    static final String COUNT = "SELECT count(*) FROM files" + FILTER;

    static final String PUBLISHED_FOR_PRODUCTS = "SELECT " + COLUMNS + " FROM files "
            + "WHERE status = 'published' AND product_id = ANY($1) ORDER BY created_at DESC, id";

    /** Changes only what is given: a null status or channel keeps the stored one; notes change when $5 is true. */
    static final String UPDATE = "UPDATE files SET status = coalesce($2, status), channel = coalesce($3, channel), "
            + "notes = CASE WHEN $5 THEN $4 ELSE notes END, updated_at = now() WHERE id = $1 RETURNING " + COLUMNS;

    static final String DELETE = "DELETE FROM files WHERE id = $1 RETURNING " + COLUMNS;

    private FileSql() {
    }
}
