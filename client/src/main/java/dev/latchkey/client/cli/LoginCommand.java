package dev.latchkey.client.cli;

import dev.latchkey.client.account.Account;
import dev.latchkey.client.account.SignIn;
import dev.latchkey.client.app.Settings;
import dev.latchkey.client.http.ApiException;
import dev.latchkey.client.keychain.CredentialVault;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "login", description = {"Sign in and bind this device; the session is kept in the OS keychain.",
    "The password is read from standard input."})
final class LoginCommand implements Callable<Integer> {

    @ParentCommand
    Cli cli;

    @Option(names = "--server", paramLabel = "URL", description = "Server address (default: the last one, else "
            + Settings.DEFAULT_SERVER + ").")
    String server;

    @Option(names = "--user", paramLabel = "NAME", required = true, description = "Username.")
    String user;

    @Override
    public Integer call() throws ApiException {
        CliEnvironment env = cli.env();
        String url = server != null ? server : env.context().settings().get().serverUrl();
        if (SignIn.plaintextOverNetwork(SignIn.parseServer(url))) {
            env.err().println("warning: " + url + " is plain HTTP: the password and tokens cross the network unencrypted");
        }
        CredentialVault vault = env.context().vault();
        SignIn signIn = new SignIn(env.context());
        Account account = signIn.login(url, user, PasswordReader.read(env), true);
        if (!vault.available()) {
            // Without a keychain the session cannot outlive this process (no token is ever written to a
            // plain file), so end it on the server instead of leaving it dangling.
            account.api().logout();
            throw new CliFailure("NO_KEYCHAIN", "credentials are correct, but " + vault.unavailableReason()
                    + " The session cannot be kept: add --user NAME to each command instead.", ExitCodes.LOCAL);
        }
        env.out().println("Signed in to " + account.server() + " as " + account.username() + " (device " + account.deviceId() + ")");
        return ExitCodes.OK;
    }
}
