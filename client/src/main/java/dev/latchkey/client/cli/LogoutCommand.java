package dev.latchkey.client.cli;

import dev.latchkey.client.account.Account;
import dev.latchkey.client.account.SignIn;
import dev.latchkey.client.http.ApiException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "logout", description = "End the remembered session on the server and remove it from the keychain.")
final class LogoutCommand implements Callable<Integer> {

    @ParentCommand
    Cli cli;

    @Override
    public Integer call() throws ApiException {
        CliEnvironment env = cli.env();
        SignIn signIn = new SignIn(env.context());
        Optional<Account> account = signIn.resume();
        if (account.isEmpty()) {
            env.out().println("Not signed in.");
            return ExitCodes.OK;
        }
        signIn.logout(account.get());
        env.context().settings().update(s -> s.withRememberMe(false));
        env.out().println("Signed out of " + account.get().server());
        return ExitCodes.OK;
    }
}
