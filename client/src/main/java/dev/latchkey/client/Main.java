package dev.latchkey.client;

import dev.latchkey.client.account.ClientContext;
import dev.latchkey.client.app.AppLog;
import dev.latchkey.client.app.AppPaths;
import dev.latchkey.client.app.Background;
import dev.latchkey.client.app.CrashReporter;
import dev.latchkey.client.app.SettingsStore;
import dev.latchkey.client.cli.Cli;
import dev.latchkey.client.cli.CliEnvironment;
import dev.latchkey.client.http.ApiTransport;
import dev.latchkey.client.hwid.OshiProbe;
import dev.latchkey.client.keychain.OsKeychain;
import dev.latchkey.client.ui.GuiLauncher;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Clock;

/** {@code java -jar latchkey-client.jar}: the window without arguments, the command line with them. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        AppPaths paths;
        try {
            paths = AppPaths.forCurrentUser().create();
            AppLog.install(paths.logs());
        } catch (IOException e) {
            System.err.println("Cannot create the client's folders: " + e.getMessage());
            System.exit(3);
            return;
        }
        CrashReporter crashes = new CrashReporter(paths.logs(), () -> System.exit(70)).install();
        int status;
        try (ClientContext context = new ClientContext(paths, new SettingsStore(paths.settingsFile()),
                ApiTransport.newHttpClient(), new Background(4), OsKeychain.open(), new OshiProbe(Path.of("/")),
                Clock.systemUTC())) {
            if (args.length == 0) {
                status = GuiLauncher.launch(context, crashes, System.err);
            } else {
                Charset cs = Charset.defaultCharset();
                PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, cs), true);
                PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, cs), true);
                status = Cli.execute(new CliEnvironment(context, System.in, out, err, System.console() != null), args);
            }
        } catch (RuntimeException | Error e) {
            crashes.uncaughtException(Thread.currentThread(), e);
            status = 70;
        }
        System.exit(status);
    }
}
