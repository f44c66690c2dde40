package dev.latchkey.client.cli;

import dev.latchkey.client.app.AppInfo;
import dev.latchkey.client.http.ApiException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The headless command line, in the same jar as the window. */
@Command(name = "latchkey-client", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"Latchkey desktop client. Without a command it opens the window;",
            "with one it runs headless. Passwords are read from standard input only."},
        subcommands = {LoginCommand.class, LogoutCommand.class, LicensesCommand.class, RedeemCommand.class,
            DevicesCommand.class, FilesCommand.class, DownloadCommand.class, RunCommand.class, HwidCommand.class,
            PluginsCommand.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success", "1:the server refused; its error code is printed", "2:wrong usage",
            "3:a local problem (not signed in, no keychain, unreadable file, failed plugin)", "4:no answer from the server"})
public final class Cli implements Runnable {

    private final CliEnvironment env;

    public Cli(CliEnvironment env) {
        this.env = env;
    }

    CliEnvironment env() {
        return env;
    }

    @Override
    public void run() {
        // Only reached with no subcommand from run(); Main opens the window in that case instead.
        new CommandLine(this).usage(env.out());
    }

    /** Runs {@code args}; prints results and errors to the environment's streams; answers the exit status. */
    public static int execute(CliEnvironment env, String... args) {
        CommandLine cmd = new CommandLine(new Cli(env))
                .setOut(env.out())
                .setErr(env.err())
                .setExecutionExceptionHandler((error, commandLine, parsed) -> report(env, error));
        int code = cmd.execute(args);
        env.out().flush();
        env.err().flush();
        return code;
    }

    private static int report(CliEnvironment env, Exception error) {
        if (error instanceof ApiException api) {
            env.err().println("error: " + api.code() + ": " + api.getMessage());
            if (api.retryAfterSeconds() > 0) {
                env.err().println("retry after " + api.retryAfterSeconds() + " s");
            }
            return ExitCodes.of(api);
        }
        if (error instanceof CliFailure f) {
            env.err().println("error: " + f.code() + ": " + f.getMessage());
            return f.exitCode();
        }
        env.err().println("error: INTERNAL_ERROR: " + error);
        java.util.logging.Logger.getLogger(Cli.class.getName()).log(java.util.logging.Level.SEVERE, "command failed", error);
        return ExitCodes.LOCAL;
    }

    /** {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"latchkey-client " + AppInfo.version()};
        }
    }
}
