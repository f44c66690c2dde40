package dev.latchkey.client.cli;

import dev.latchkey.client.account.Account;
import dev.latchkey.client.account.SignIn;
import dev.latchkey.client.app.Settings;
import dev.latchkey.client.http.ApiException;
import picocli.CommandLine.Option;

/** How a command gets its session: the one remembered by {@code login}, or {@code --user} for this command only. */
final class SessionOptions {

    @Option(names = "--server", paramLabel = "URL", description = "Server address (default: the last one signed in to).")
    String server;

    @Option(names = "--user", paramLabel = "NAME",
            description = "Sign in for this command only (password from standard input), then sign out.")
    String user;

    /** Runs {@code action} with an account, signing out afterwards when the session was made for this command. */
    <T> T withAccount(CliEnvironment env, AccountAction<T> action) throws ApiException {
        SignIn signIn = new SignIn(env.context());
        if (user != null) {
            Settings s = env.context().settings().get();
            String url = server != null ? server : s.serverUrl();
            Account account = signIn.login(url, user, PasswordReader.read(env), false);
            try {
                return action.run(account);
            } finally {
                try {
                    account.api().logout();
                } catch (ApiException e) {
                    env.err().println("warning: sign-out failed: " + e.code());
                }
            }
        }
        Account account = signIn.resume().orElseThrow(() -> new CliFailure(ApiException.NOT_SIGNED_IN,
                "not signed in: run `login` first, or add --user NAME and pipe the password on standard input",
                ExitCodes.LOCAL));
        if (server != null && !SignIn.parseServer(server).equals(SignIn.parseServer(account.server()))) {
            throw new CliFailure(ApiException.NOT_SIGNED_IN, "the remembered session is for " + account.server()
                    + ", not " + server + ": use --user NAME for another server", ExitCodes.LOCAL);
        }
        return action.run(account);
    }

    @FunctionalInterface
    interface AccountAction<T> {
        T run(Account account) throws ApiException;
    }
}
