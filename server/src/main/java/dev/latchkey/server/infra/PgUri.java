package dev.latchkey.server.infra;

import dev.latchkey.server.config.ConfigException;
import io.vertx.pgclient.PgConnectOptions;

/** A PostgreSQL URI, as the Vert.x client and as JDBC (Flyway) need it, and safe to print. */
public record PgUri(PgConnectOptions options, String raw) {

    public static PgUri parse(String uri) {
        try {
            return new PgUri(PgConnectOptions.fromUri(uri), uri);
        } catch (RuntimeException e) {
            throw new ConfigException("LATCHKEY_PG_URI is not a valid postgresql:// URI: " + redact(uri));
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
    }

    /** The URI without its password, for messages. */
    public String display() {
        return redact(raw);
    }

    /** The same server with another database name (tests create one database per class). */
    public PgUri withDatabase(String database) {
        PgConnectOptions copy = new PgConnectOptions(options).setDatabase(database);
        String user = copy.getUser() == null ? "" : copy.getUser() + (copy.getPassword() == null ? "" : ":" + copy.getPassword()) + "@";
        return new PgUri(copy, "postgresql://" + user + copy.getHost() + ":" + copy.getPort() + "/" + database);
    }

    static String redact(String uri) {
        // Why: connection URIs may carry a password, and this string goes to logs and error messages.
        return uri == null ? "" : uri.replaceAll("(//[^:/@]+):[^@/]*@", "$1:***@");
    }
}
