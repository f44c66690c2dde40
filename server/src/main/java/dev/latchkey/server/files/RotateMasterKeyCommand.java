package dev.latchkey.server.files;

import dev.latchkey.server.config.ConfigException;
import dev.latchkey.server.config.ConfigLoader;
import dev.latchkey.server.config.ServerConfig;
import dev.latchkey.server.infra.PgUri;
import dev.latchkey.server.infra.Postgres;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar latchkey-server.jar rotate-master-key [--keep-previous]}. */
@Command(name = "rotate-master-key", mixinStandardHelpOptions = true,
        description = {
            "Re-wraps every file key under a new master key in one transaction; stored files are not touched.",
            "Stop every server node first and restart them afterwards: a running node keeps the old key in memory.",
            "With the key in DATA_DIR/secrets/master_key the new key replaces it there; with LATCHKEY_MASTER_KEY set,"
                    + " the new key is printed once and must then be configured by you."})
public final class RotateMasterKeyCommand implements Callable<Integer> {

    @Option(names = "--keep-previous",
            description = "keep the old key in DATA_DIR/secrets/master_key.previous (needed to restore database backups taken before)")
    boolean keepPrevious;

    @Override
    public Integer call() {
        Vertx vertx = Vertx.vertx();
        try {
            ServerConfig config = ConfigLoader.load(vertx).await();
            // The table must exist even if no server of this version has started yet.
            Postgres.migrate(vertx, PgUri.parse(config.pgUri())).await();
            return new MasterKeyRotation(config, System.out, System.err).run(keepPrevious);
        } catch (IOException | SQLException e) {
            System.err.println("latchkey: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            Throwable t = e;
            while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
                t = t.getCause();
            }
            System.err.println("latchkey: " + (t instanceof ConfigException || t instanceof IllegalArgumentException
                    || t instanceof IllegalStateException ? t.getMessage() : t.getClass().getSimpleName() + ": " + t.getMessage()));
            return 1;
        } finally {
            vertx.close().await();
        }
    }
}
