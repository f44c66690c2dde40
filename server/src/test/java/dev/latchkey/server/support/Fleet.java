package dev.latchkey.server.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;

/**
 * A migrated database filled by {@code scripts/bench/fleet-data.sql} (the data set of the dashboard
 * benchmark, at a smaller size), analysed as autovacuum would. Rows of different tables are tied by
 * their number: user {@code i} owns device {@code i}, license {@code i} and session {@code i}; ids are
 * {@code md5(tag || i)} as UUIDs, so {@link Sample} knows them without a query.
 */
public final class Fleet {

    static final Path SCRIPT = Path.of("..", "scripts", "bench", "fleet-data.sql");

    private Fleet() {
    }

    /**
     * Migrates {@code db} and loads {@code rows} rows per table and {@code events} audit events. The load is
     * the fast way a bulk import is done: the migration's secondary indexes are dropped and built again
     * afterwards from their own definitions, and triggers (foreign keys, row counts) are off while rows go in,
     * so {@code row_counts_rebuild()} counts them at the end.
     */
    public static void load(TestDatabase db, int rows, int events) {
        migrate(db);
        String script;
        try {
            script = Files.readString(SCRIPT, StandardCharsets.UTF_8)
                    .replace(":rows", Integer.toString(rows)).replace(":events", Integer.toString(events));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + SCRIPT.toAbsolutePath(), e);
        }
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            List<String> rebuild = new ArrayList<>();
            List<String> drop = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                    + "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) "
                    // A partition's index goes and comes with its partitioned table's (audit_events).
                    + "AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = i.indexrelid)")) {
                while (rs.next()) {
                    drop.add("DROP INDEX " + rs.getString(1));
                    // A partitioned table's index is defined ON ONLY the parent; built again, it must reach every partition.
                    rebuild.add(rs.getString(2).replace(" ON ONLY ", " ON "));
                }
            }
            for (String s : drop) {
                st.execute(s);
            }
            long t0 = System.nanoTime();
            st.execute("SET session_replication_role = replica");
            st.execute(script);
            st.execute("SET session_replication_role = DEFAULT");
            long t1 = System.nanoTime();
            st.execute("SET maintenance_work_mem = '256MB'");
            for (String s : rebuild) {
                st.execute(s);
            }
            long t2 = System.nanoTime();
            st.execute("SELECT row_counts_rebuild()");
            st.execute("ANALYZE");
            System.out.printf("Fleet of %,d rows per table: rows %.1f s, %d indexes %.1f s, counts and ANALYZE %.1f s%n", rows,
                    (t1 - t0) / 1e9, rebuild.size(), (t2 - t1) / 1e9, (System.nanoTime() - t2) / 1e9);
        } catch (SQLException e) {
            throw new IllegalStateException("Loading the fleet failed: " + e.getMessage(), e);
        }
    }

    /** Applies the server's migrations, as a server start does. */
    public static void migrate(TestDatabase db) {
        Flyway.configure().dataSource("jdbc:postgresql://" + host(db), user(), password()).locations("classpath:db/migration")
                .connectRetries(0).load().migrate();
    }

    /** A Vert.x pool on the database, as the server makes one (statement cache on). */
    public static io.vertx.sqlclient.Pool pool(io.vertx.core.Vertx vertx, TestDatabase db) {
        return io.vertx.pgclient.PgBuilder.pool().with(new io.vertx.sqlclient.PoolOptions().setMaxSize(4))
                .connectingTo(io.vertx.pgclient.PgConnectOptions.fromUri(db.uri()).setCachePreparedStatements(true))
                .using(vertx).build();
    }

    /** Ids and secrets of row number {@code i} of every table, as fleet-data.sql makes them. */
    public record Sample(int i, UUID userId, String username, UUID deviceId, UUID licenseId, UUID sessionId, UUID productId,
                         UUID fileId, byte[] refreshHash, byte[] licenseKeyHash, byte[] webTokenHash) {

        /** Row 4242: a user with a desktop session, a redeemed license activated on its device. */
        public static Sample typical() {
            return of(4242);
        }

        public static Sample of(int i) {
            // Row i's session is a web session when i % 20 is 16, 17 or 18: take the next such row for the cookie.
            int web = i - i % 20 + 16;
            return new Sample(i, id("u" + i), "user" + String.format("%07d", i), id("d" + i), id("l" + i), id("s" + i),
                    id("p" + i % 20), id("f" + (1 + i % 300)), sha256("r" + i), sha256("key" + i), sha256("w" + web));
        }
    }

    static UUID id(String tagged) {
        try {
            String hex = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(tagged.getBytes(StandardCharsets.UTF_8)));
            return UUID.fromString(hex.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String host(TestDatabase db) {
        var uri = java.net.URI.create(TestDatabase.SERVER.replace("postgresql://", "http://"));
        return uri.getHost() + ":" + uri.getPort() + "/" + db.name();
    }

    private static String user() {
        var uri = java.net.URI.create(TestDatabase.SERVER.replace("postgresql://", "http://"));
        return uri.getUserInfo() == null ? "postgres" : uri.getUserInfo().split(":")[0];
    }

    private static String password() {
        var uri = java.net.URI.create(TestDatabase.SERVER.replace("postgresql://", "http://"));
        return uri.getUserInfo() != null && uri.getUserInfo().contains(":") ? uri.getUserInfo().split(":", 2)[1] : null;
    }
}
