package dev.latchkey.server.licensing;

final class ProductSql {

    static final String INSERT = "INSERT INTO products (id, name, description, heartbeat_interval, grace_period, free_seats, seat_timeout) "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING " + Product.COLUMNS;
    static final String UPDATE = "UPDATE products SET name = coalesce($2, name), description = CASE WHEN $3 THEN $4 ELSE description END, "
            + "heartbeat_interval = coalesce($5, heartbeat_interval), grace_period = coalesce($6, grace_period), "
            + "free_seats = coalesce($7, free_seats), seat_timeout = coalesce($8, seat_timeout), updated_at = now() "
            + "WHERE id = $1 RETURNING " + Product.COLUMNS;
    static final String BY_ID = "SELECT " + Product.COLUMNS + " FROM products WHERE id = $1";
    static final String LIST = "SELECT " + Product.COLUMNS + " FROM products ORDER BY lower(name) LIMIT $1 OFFSET $2";
    static final String COUNT = "SELECT count(*) FROM products";

    private ProductSql() {
    }
}
