package dev.latchkey.server.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh PostgreSQL database for one test class, on the server at localhost (or LATCHKEY_TEST_PG).
 * The default password is docker-compose's default; a trust-auth server ignores it.
 */
public final class TestDatabase implements AutoCloseable {

    public static final String SERVER = envOr("LATCHKEY_TEST_PG", "postgresql://postgres:latchkey@127.0.0.1:5432");

    private final String name;
    private final boolean owned;

    private TestDatabase(String name, boolean owned) {
        this.name = name;
        this.owned = owned;
    }

    public static TestDatabase create(String owner) {
        String name = ("lkt_" + owner + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        exec("CREATE DATABASE " + name);
        return new TestDatabase(name, true);
    }

    /** A database someone else made (a benchmark's, loaded already); closing it leaves it in place. */
    public static TestDatabase existing(String name) {
        return new TestDatabase(name, false);
    }

    public String uri() {
        return SERVER + "/" + name;
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        if (!owned) {
            return;
        }
        exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** Runs one statement against the test database itself (for assertions on stored rows). */
    public java.util.List<java.util.Map<String, Object>> query(String sql, Object... args) {
        try (Connection c = connect(name); var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (var rs = ps.executeQuery()) {
                var out = new java.util.ArrayList<java.util.Map<String, Object>>();
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    var row = new java.util.LinkedHashMap<String, Object>();
                    for (int i = 1; i <= n; i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    out.add(row);
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public int update(String sql, Object... args) {
        try (Connection c = connect(name); var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An open JDBC connection to the test database, for tests that hold a transaction or a lock. */
    public Connection connect() throws SQLException {
        return connect(name);
    }

    private static void exec(String sql) {
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL must run at " + SERVER + " for the tests: " + e.getMessage(), e);
        }
    }

    private static Connection connect(String db) throws SQLException {
        var uri = java.net.URI.create(SERVER.replace("postgresql://", "http://"));
        String user = uri.getUserInfo() == null ? "postgres" : uri.getUserInfo().split(":")[0];
        String password = uri.getUserInfo() != null && uri.getUserInfo().contains(":") ? uri.getUserInfo().split(":", 2)[1] : null;
        return DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + "/" + db, user, password);
    }

    private static String envOr(String key, String dflt) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? dflt : v;
    }
}
