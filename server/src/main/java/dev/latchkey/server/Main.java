package dev.latchkey.server;

import dev.latchkey.server.accounts.UserService;
import dev.latchkey.server.config.ConfigException;
import dev.latchkey.server.config.ConfigLoader;
import dev.latchkey.server.config.SecretsLoader;
import dev.latchkey.server.config.ServerConfig;
import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.ClientInfo;
import dev.latchkey.server.infra.PgUri;
import dev.latchkey.server.infra.Postgres;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar latchkey-server.jar [create-admin --username U]}. */
@Command(name = "latchkey-server", mixinStandardHelpOptions = true, version = "Latchkey 0.1.0",
        description = "Runs the Latchkey server (configuration from LATCHKEY_* environment variables).",
        subcommands = {Main.CreateAdmin.class, Main.HealthCheck.class,
                dev.latchkey.server.files.RotateMasterKeyCommand.class})
public final class Main implements Callable<Integer> {

    static {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$-7s %3$s: %5$s%6$s%n");
        System.setProperty("vertx.disableDnsResolver", "true");
    }

    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Serves until the process is stopped; SIGTERM flushes the audit queue first. */
    @Override
    public Integer call() {
        // Vert.x reports HTTP per route, pools and the JVM into the same registry /metrics scrapes.
        var registry = new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        Vertx vertx = Vertx.builder()
                .with(new io.vertx.core.VertxOptions().setMetricsOptions(new io.vertx.micrometer.MicrometerMetricsOptions()
                        .setEnabled(true).setJvmMetricsEnabled(true)
                        .setLabels(java.util.EnumSet.of(io.vertx.micrometer.Label.HTTP_ROUTE, io.vertx.micrometer.Label.HTTP_METHOD,
                                io.vertx.micrometer.Label.HTTP_CODE, io.vertx.micrometer.Label.POOL_TYPE,
                                io.vertx.micrometer.Label.POOL_NAME))
                        // Why off: bytes per socket read/write of every Redis and PostgreSQL connection, recorded on
                        // the hot path three times per heartbeat, and nothing an operator acts on (pools are kept).
                        .addDisabledMetricsCategory(io.vertx.micrometer.MetricsDomain.NET_CLIENT)))
                .withMetrics(new io.vertx.micrometer.MicrometerMetricsFactory(registry))
                .build();
        try {
            ServerConfig config = ConfigLoader.load(vertx).await();
            if (config.protection().jsonLogs()) {
                dev.latchkey.server.ops.JsonLogFormatter.install();
            }
            LatchkeyServer server = LatchkeyServer.start(vertx, config, new dev.latchkey.server.ops.Metrics(registry)).await();
            LOG.info("Latchkey listening on " + config.httpHost() + ":" + server.port());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                // Two awaits: a future chained after vertx.close() would complete on a closed event loop and never arrive.
                try {
                    server.stop().await(30, java.util.concurrent.TimeUnit.SECONDS);
                    System.err.println("latchkey: stopped; audit queue flushed");
                    vertx.close().await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (RuntimeException | java.util.concurrent.TimeoutException e) {
                    System.err.println("latchkey: shutdown: " + e.getMessage());
                }
            }, "latchkey-shutdown"));
            return 0;
        } catch (RuntimeException e) {
            System.err.println("latchkey: " + message(e));
            vertx.close();
            return 1;
        }
    }

    @Command(name = "create-admin", mixinStandardHelpOptions = true,
            description = "Creates an administrator; the password is read from standard input.")
    static final class CreateAdmin implements Callable<Integer> {

        @Option(names = "--username", required = true, description = "3-50 letters, digits or underscores")
        String username;

        @Override
        public Integer call() throws Exception {
            String password = readPassword();
            Vertx vertx = Vertx.vertx();
            try {
                ServerConfig config = ConfigLoader.load(vertx).await();
                UserService.NewUser request = UserService.newUser(username, password, null, "admin", null);
                PgUri uri = PgUri.parse(config.pgUri());
                var secrets = vertx.executeBlocking(() -> SecretsLoader.load(config), false).await();
                Postgres.migrate(vertx, uri).await();
                Services services = LatchkeyServer.connect(vertx, config, uri, secrets,
                        dev.latchkey.server.ops.Metrics.standalone()).await();
                try {
                    var user = services.users().create(request, new UserService.Actor(null, "create-admin",
                            ClientInfo.local("create-admin command"))).await();
                    System.out.println("Created administrator " + user.username() + " (" + user.id() + ")");
                } finally {
                    services.close().await();
                }
                return 0;
            } catch (RuntimeException e) {
                System.err.println("latchkey: " + message(e));
                return 1;
            } finally {
                vertx.close().await();
            }
        }

        private static String readPassword() throws java.io.IOException {
            Console console = System.console();
            if (console != null) {
                char[] chars = console.readPassword("Password for the new administrator: ");
                return chars == null ? "" : new String(chars);
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line = in.readLine();
            return line == null ? "" : line;
        }
    }

    @Command(name = "health-check", mixinStandardHelpOptions = true,
            description = "Exits 0 when the local server's /health answers 200 (for container health checks).")
    static final class HealthCheck implements Callable<Integer> {

        @Option(names = "--url", description = "default: http://127.0.0.1:$LATCHKEY_HTTP_PORT/health")
        String url;

        @Override
        public Integer call() {
            String port = System.getenv().getOrDefault("LATCHKEY_HTTP_PORT", "8080");
            String target = url != null ? url : "http://127.0.0.1:" + port + "/health";
            try {
                var client = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(3)).build();
                var response = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(target))
                        .timeout(java.time.Duration.ofSeconds(5)).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                System.out.println(response.statusCode() + " " + response.body());
                return response.statusCode() == 200 ? 0 : 1;
            } catch (java.io.IOException | InterruptedException | IllegalArgumentException e) {
                System.err.println("latchkey: health check of " + target + " failed: " + e.getMessage());
                return 1;
            }
        }
    }

    static String message(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t.getClass() == RuntimeException.class) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ConfigException || t instanceof ApiException) {
            return t.getMessage();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
