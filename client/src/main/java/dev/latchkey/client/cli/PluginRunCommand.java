package dev.latchkey.client.cli;

import dev.latchkey.client.account.SignIn;
import dev.latchkey.client.http.ApiException;
import dev.latchkey.client.plugins.UserPlugins;
import dev.latchkey.plugins.host.PluginSource;
import dev.latchkey.plugins.sandbox.ScriptRejectedException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "run", description = {"Run a Lua plugin in the sandbox and print what it logs.",
    "With a remembered session the heartbeat runs too, so lk.license() is real; without one it stays locked."})
final class PluginRunCommand implements Callable<Integer> {

    @ParentCommand
    PluginsCommand plugins;

    @Parameters(paramLabel = "FILE.lua")
    Path file;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "0",
            description = "Keep it running N seconds (its timers fire), then stop it. Default: ${DEFAULT-VALUE}.")
    int seconds;

    @Override
    public Integer call() throws ApiException, InterruptedException {
        CliEnvironment env = ((Cli) plugins.spec.parent().userObject()).env();
        PluginSource source;
        try {
            source = UserPlugins.read(file);
        } catch (IOException e) {
            throw new CliFailure("FILE_UNREADABLE", file + ": " + e.getMessage(), ExitCodes.LOCAL);
        } catch (ScriptRejectedException e) {
            throw new CliFailure("SCRIPT_REJECTED", e.getMessage(), ExitCodes.LOCAL);
        }
        LuaRun.run(env, new SignIn(env.context()).resume(), source, seconds);
        return ExitCodes.OK;
    }
}
