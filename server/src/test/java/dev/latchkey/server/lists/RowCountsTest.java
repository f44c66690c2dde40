package dev.latchkey.server.lists;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.latchkey.server.support.Fleet;
import dev.latchkey.server.support.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The row counts kept by migration V5's triggers equal the rows, counted here with plain GROUP BY queries, after
 * every kind of write: single rows and batches, status, role, block and flag changes, deactivation and back,
 * deletes cascading to devices and licenses, rolled-back savepoints, TRUNCATE, and the rebuild function.
 */
class RowCountsTest {

    private static TestDatabase db;

    @BeforeAll
    static void migrate() {
        db = TestDatabase.create("rowcounts");
        Fleet.migrate(db);
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    /** What each counter should say, from the rows themselves (counters at zero are left out on both sides). */
    private static Map<String, Long> expected() {
        Map<String, Long> m = new TreeMap<>();
        String sql = "SELECT 'users' AS k, count(*) AS n FROM users"
                + " UNION ALL SELECT 'users.blocked', count(*) FROM users WHERE blocked"
                + " UNION ALL SELECT 'users.flagged', count(*) FROM users WHERE flagged_at IS NOT NULL"
                + " UNION ALL SELECT 'users.role.' || role, count(*) FROM users GROUP BY role"
                + " UNION ALL SELECT 'devices', count(*) FROM devices"
                + " UNION ALL SELECT 'devices.active', count(*) FROM devices WHERE deactivated_at IS NULL"
                + " UNION ALL SELECT 'licenses', count(*) FROM licenses"
                + " UNION ALL SELECT 'licenses.status.' || status, count(*) FROM licenses GROUP BY status"
                + " UNION ALL SELECT 'licenses.product.' || product_id, count(*) FROM licenses GROUP BY product_id"
                + " UNION ALL SELECT 'licenses.product.' || product_id || '.status.' || status, count(*) FROM licenses GROUP BY product_id, status"
                + " UNION ALL SELECT 'licenses.redeemed', count(*) FROM licenses WHERE user_id IS NOT NULL"
                + " UNION ALL SELECT 'licenses.product.' || product_id || '.redeemed', count(*) FROM licenses WHERE user_id IS NOT NULL GROUP BY product_id"
                + " UNION ALL SELECT 'licenses.active.never', count(*) FROM licenses WHERE status = 'active' AND expires_at IS NULL AND duration_days IS NULL"
                + " UNION ALL SELECT 'licenses.active.on_activation', count(*) FROM licenses WHERE status = 'active' AND expires_at IS NULL "
                + "AND duration_days IS NOT NULL";
        db.query(sql).forEach(r -> {
            long n = ((Number) r.get("n")).longValue();
            if (n != 0) {
                m.put((String) r.get("k"), n);
            }
        });
        return m;
    }

    private static Map<String, Long> kept() {
        Map<String, Long> m = new TreeMap<>();
        db.query("SELECT name, n FROM row_counts WHERE n <> 0").forEach(r -> m.put((String) r.get("name"), ((Number) r.get("n")).longValue()));
        return m;
    }

    private static void run(String... statements) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private static void check(String after) {
        assertEquals(expected(), kept(), "after " + after);
    }

    @Test
    @DisplayName("kept counts follow inserts, updates, deletes, batches, savepoints and TRUNCATE, and the rebuild agrees")
    void countsFollowEveryWrite() throws Exception {
        run("INSERT INTO products (id, name) VALUES ('00000000-0000-0000-0000-0000000000a1', 'A'), "
                + "('00000000-0000-0000-0000-0000000000b2', 'B')");
        run("INSERT INTO users (id, username, password_hash, role, blocked) SELECT gen_random_uuid(), 'user' || i, 'x', "
                + "CASE WHEN i % 10 = 0 THEN 'vip' ELSE 'user' END, i % 7 = 0 FROM generate_series(1, 300) AS i");
        check("a batch of users");
        run("UPDATE users SET blocked = NOT blocked WHERE username IN ('user1', 'user7', 'user14')",
                "UPDATE users SET role = 'admin' WHERE username = 'user20'",
                "UPDATE users SET flagged_at = now(), flag_reason = 'x' WHERE username LIKE 'user3%'",
                "UPDATE users SET last_login_at = now() WHERE username LIKE 'user1%'");
        check("blocking, a role change, flags and sign-ins");
        run("INSERT INTO devices (id, user_id, components, deactivated_at) SELECT gen_random_uuid(), id, '{}', "
                + "CASE WHEN username LIKE 'user2%' THEN now() END FROM users");
        run("UPDATE devices SET deactivated_at = now() WHERE user_id IN (SELECT id FROM users WHERE username LIKE 'user5%')",
                "UPDATE devices SET deactivated_at = NULL WHERE user_id = (SELECT id FROM users WHERE username = 'user21')",
                "INSERT INTO device_seen (device_id, last_seen_at) SELECT id, now() FROM devices");
        check("devices registered, deactivated in a batch, one reactivated, all seen");
        run("INSERT INTO licenses (id, product_id, key_hash, key_last4, status, user_id, expires_at, duration_days) "
                + "SELECT gen_random_uuid(), CASE WHEN i % 2 = 0 THEN '00000000-0000-0000-0000-0000000000a1'::uuid "
                + "ELSE '00000000-0000-0000-0000-0000000000b2'::uuid END, sha256(i::text::bytea), 'ABCD', "
                + "CASE WHEN i % 9 = 0 THEN 'suspended' ELSE 'active' END, "
                + "(SELECT id FROM users WHERE username = 'user' || (i % 300 + 1)), "
                + "CASE WHEN i % 3 = 0 THEN now() + interval '30 days' END, CASE WHEN i % 3 = 1 THEN 30 END "
                + "FROM generate_series(1, 500) AS i");
        run("UPDATE licenses SET status = 'expired' WHERE expires_at IS NOT NULL AND status = 'active'",
                "UPDATE licenses SET expires_at = now() + interval '30 days' WHERE duration_days IS NOT NULL AND status = 'active' "
                        + "AND key_hash IN (SELECT key_hash FROM licenses LIMIT 40)",
                "UPDATE licenses SET product_id = '00000000-0000-0000-0000-0000000000a1' WHERE status = 'suspended'",
                "UPDATE licenses SET user_id = NULL WHERE status = 'suspended'");
        check("a license batch, an expiry sweep, clocks started, a product and owner change");
        run("DELETE FROM users WHERE username LIKE 'user4%'");
        check("deleting users (their devices go, their licenses lose the owner)");
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("UPDATE devices SET deactivated_at = now() WHERE deactivated_at IS NULL AND user_id IN "
                    + "(SELECT id FROM users WHERE username LIKE 'user6%')");
            st.execute("SAVEPOINT s");
            st.execute("UPDATE devices SET deactivated_at = now() WHERE deactivated_at IS NULL");
            st.execute("ROLLBACK TO SAVEPOINT s");
            st.execute("UPDATE users SET blocked = true WHERE username = 'user8'");
            c.commit();
            st.execute("UPDATE devices SET deactivated_at = now() WHERE deactivated_at IS NULL");
            c.rollback();
        }
        check("a savepoint and a transaction rolled back");
        run("TRUNCATE activations, licenses");
        check("TRUNCATE");
        Map<String, Long> before = kept();
        run("UPDATE row_counts SET n = n + 5", "SELECT row_counts_rebuild()");
        assertEquals(before, kept(), "the rebuild counts what the triggers kept");
    }
}
