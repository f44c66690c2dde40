package dev.latchkey.server.files;

import dev.latchkey.protocol.container.KeyUnwrapException;
import dev.latchkey.protocol.container.MasterKey;
import dev.latchkey.protocol.container.MasterKeyWrap;
import dev.latchkey.server.config.ServerConfig;
import dev.latchkey.server.infra.PgUri;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Re-wraps every file's DEK under a fresh master key, in one transaction, without touching a container
 * (docs/files.md, "Rotating the master key"). A command-line task: blocking JDBC, no event loop involved.
 *
 * <p>The order of steps is chosen so that no crash can leave file keys wrapped under a key that exists
 * nowhere: the new key is on disk ({@code master_key.next}) before the commit, and the old one stays in
 * {@code master_key.previous} until the commit succeeded. Running the command again after a crash either
 * finishes the rotation (the commit happened) or starts over (it did not).
 */
final class MasterKeyRotation {

    static final String KEY_FILE = "master_key";
    static final String NEXT_FILE = "master_key.next";
    static final String PREVIOUS_FILE = "master_key.previous";

    private final ServerConfig config;
    private final PrintStream out;
    private final PrintStream err;
    private final Path current;
    private final Path next;
    private final Path previous;

    MasterKeyRotation(ServerConfig config, PrintStream out, PrintStream err) {
        this.config = config;
        this.out = out;
        this.err = err;
        Path secrets = config.dataDir().resolve("secrets");
        this.current = secrets.resolve(KEY_FILE);
        this.next = secrets.resolve(NEXT_FILE);
        this.previous = secrets.resolve(PREVIOUS_FILE);
    }

    /** Exit status: 0 rotated (or finished an interrupted rotation), 1 nothing changed. Migrations must have run. */
    int run(boolean keepPrevious) throws IOException, SQLException {
        boolean configured = config.secretValues().masterKey().isPresent();
        MasterKey oldKey;
        if (configured) {
            oldKey = SecretFile.decode(config.secretValues().masterKey().get(), "LATCHKEY_MASTER_KEY");
        } else if (Files.exists(current)) {
            oldKey = SecretFile.read(current);
        } else {
            err.println("latchkey: no master key at " + current + " and LATCHKEY_MASTER_KEY is not set: nothing to rotate "
                    + "(the server generates a key on its first start)");
            return 1;
        }
        try (Connection db = connect()) {
            if (!configured && Files.exists(next) && finishedInterrupted(db, oldKey, keepPrevious)) {
                return 0;
            }
            MasterKey newKey = MasterKey.generate();
            if (configured) {
                // The operator keeps the key in the environment: it is shown once, before the commit, so that a
                // crash after the commit cannot lose it. It becomes valid only if the commit succeeds.
                out.println("New master key (valid only if this rotation commits; it is shown this once):");
                out.println("LATCHKEY_MASTER_KEY=" + SecretFile.encode(newKey));
                out.flush();
                if (out.checkError()) {
                    err.println("latchkey: could not print the new master key; nothing changed");
                    return 1;
                }
            } else {
                SecretFile.write(previous, oldKey);
                SecretFile.write(next, newKey);
            }
            int count;
            try {
                count = rewrapAll(db, oldKey, newKey);
            } catch (CommitUnknown e) {
                // Deleting either key file now could lose every file key: keep both and let a re-run decide.
                err.println("latchkey: the database did not confirm the commit (" + e.getMessage() + ").");
                err.println(configured
                        ? "latchkey: if files fail to download with the current LATCHKEY_MASTER_KEY, use the key printed above"
                        : "latchkey: run rotate-master-key again: it finishes the rotation if it committed, else starts over");
                return 1;
            } catch (SQLException | IllegalStateException e) {
                if (!configured) {
                    SecretFile.delete(next);
                    SecretFile.delete(previous);
                }
                err.println("latchkey: master key rotation failed, nothing changed: " + e.getMessage());
                if (configured) {
                    err.println("latchkey: the key printed above is void; keep the current LATCHKEY_MASTER_KEY");
                }
                return 1;
            }
            if (configured) {
                out.println("Re-wrapped " + count + " file key(s). Set LATCHKEY_MASTER_KEY to the key above on every node "
                        + "and restart them: the old key opens no file key any more.");
            } else {
                install(keepPrevious);
                out.println("Re-wrapped " + count + " file key(s); the new master key is in " + current
                        + ". Restart every server node sharing this data directory.");
            }
            return 0;
        }
    }

    /**
     * A {@code master_key.next} is left from a rotation that stopped before installing it. If the stored keys
     * open with it, the commit happened: install it. If they open with the current key, it did not: drop it.
     */
    private boolean finishedInterrupted(Connection db, MasterKey currentKey, boolean keepPrevious) throws IOException, SQLException {
        MasterKey pending = SecretFile.read(next);
        List<Row> sample = rows(db, "SELECT id, wrapped_dek FROM files LIMIT 1");
        if (sample.isEmpty() || opens(currentKey, sample.get(0))) {
            SecretFile.delete(next);
            return false;
        }
        if (!opens(pending, sample.get(0))) {
            throw new IllegalStateException("neither " + current + " nor " + next + " opens the stored file keys; "
                    + "restore the right master key (see " + previous + ") before rotating");
        }
        install(keepPrevious);
        out.println("An earlier rotation had committed but not installed its key: installed it in " + current
                + ". Restart every server node sharing this data directory.");
        return true;
    }

    private void install(boolean keepPrevious) throws IOException {
        SecretFile.replace(next, current);
        if (!keepPrevious) {
            SecretFile.delete(previous);
        }
    }

    /** One transaction; the table lock keeps uploads and deletes out until it commits. */
    static int rewrapAll(Connection db, MasterKey oldKey, MasterKey newKey) throws SQLException {
        db.setAutoCommit(false);
        List<Row> all;
        try {
            try (Statement st = db.createStatement()) {
                st.execute("LOCK TABLE files IN SHARE ROW EXCLUSIVE MODE");
            }
            all = rows(db, "SELECT id, wrapped_dek FROM files ORDER BY id");
            List<UUID> unopened = new ArrayList<>();
            try (PreparedStatement update = db.prepareStatement("UPDATE files SET wrapped_dek = ?, updated_at = now() WHERE id = ?")) {
                for (Row r : all) {
                    try {
                        update.setBytes(1, MasterKeyWrap.rewrap(oldKey, newKey, r.wrapped(), r.id()));
                    } catch (KeyUnwrapException e) {
                        unopened.add(r.id());
                        continue;
                    }
                    update.setObject(2, r.id());
                    update.addBatch();
                }
                if (!unopened.isEmpty()) {
                    throw new IllegalStateException(unopened.size() + " file key(s) do not open with the current master key"
                            + " (first: file " + unopened.get(0) + ")");
                }
                update.executeBatch();
            }
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        }
        try {
            db.commit();
        } catch (SQLException e) {
            throw new CommitUnknown(e);
        }
        return all.size();
    }

    /** The commit was sent but not confirmed: it may or may not have happened. */
    static final class CommitUnknown extends SQLException {
        CommitUnknown(SQLException cause) {
            super(cause.getMessage(), cause.getSQLState(), cause);
        }
    }

    private record Row(UUID id, byte[] wrapped) {
    }

    private static List<Row> rows(Connection db, String sql) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(new Row(rs.getObject(1, UUID.class), rs.getBytes(2)));
            }
        }
        return out;
    }

    private static boolean opens(MasterKey key, Row r) {
        try {
            MasterKeyWrap.unwrap(key, r.wrapped(), r.id());
            return true;
        } catch (KeyUnwrapException e) {
            return false;
        }
    }

    private Connection connect() throws SQLException {
        PgUri uri = PgUri.parse(config.pgUri());
        return DriverManager.getConnection(uri.jdbcUrl(), uri.options().getUser(), uri.options().getPassword());
    }
}
