package dev.latchkey.client.cli;

import dev.latchkey.client.account.Account;
import dev.latchkey.client.downloads.DecryptedFile;
import dev.latchkey.client.downloads.Downloads;
import dev.latchkey.client.downloads.Launcher;
import dev.latchkey.client.downloads.MemoryJar;
import dev.latchkey.client.http.ApiException;
import dev.latchkey.plugins.sandbox.ScriptRejectedException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "run", description = {"Download, verify and launch a file from memory (a .jar or a .lua file).",
    "A JAR's Main-Class runs in this JVM; a .lua file runs in the plugin sandbox.",
    "Other types cannot be launched: their plaintext would have to be written out."})
final class RunCommand implements Callable<Integer> {

    @ParentCommand
    Cli cli;

    @Mixin
    SessionOptions session;

    @Parameters(index = "0", paramLabel = "ID", description = "File id (see `files`).")
    String id;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "Arguments for the program (after --).")
    List<String> args = List.of();

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "0",
            description = "For a .lua file: keep it running N seconds. Default: ${DEFAULT-VALUE}.")
    int seconds;

    @Override
    public Integer call() throws ApiException {
        CliEnvironment env = cli.env();
        return session.withAccount(env, account -> launch(env, account));
    }

    private int launch(CliEnvironment env, Account account) throws ApiException {
        Downloads downloads = FileLookup.downloads(env, account);
        DecryptedFile file = downloads.open(FileLookup.find(downloads, id), p -> { }, new AtomicBoolean());
        try {
            switch (Launcher.kindOf(file.info().name())) {
                case JAR -> runJar(env, file);
                case LUA -> LuaRun.run(env, Optional.of(account), Launcher.lua(file), seconds);
                default -> throw new CliFailure("NOT_LAUNCHABLE", file.info().name() + " is verified (sha256 " + file.sha256()
                        + ") but only .jar and .lua files can be launched: the plaintext is never written to disk", ExitCodes.LOCAL);
            }
            return ExitCodes.OK;
        } catch (ScriptRejectedException e) {
            throw new CliFailure("SCRIPT_REJECTED", e.getMessage(), ExitCodes.LOCAL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("INTERRUPTED", "interrupted", ExitCodes.LOCAL);
        } finally {
            file.wipe();
        }
    }

    /**
     * Like the {@code java} launcher, the program lives until its last non-daemon thread ends (a GUI program's
     * {@code main} returns at once); the command waits for the threads it started (they inherit its class loader
     * as their context loader) before exiting.
     */
    private static void awaitProgramThreads(ClassLoader program) throws InterruptedException {
        while (true) {
            Thread pending = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getContextClassLoader() == program && !t.isDaemon() && t.isAlive()
                            && t != Thread.currentThread())
                    .findFirst().orElse(null);
            if (pending == null) {
                return;
            }
            pending.join();
        }
    }

    private void runJar(CliEnvironment env, DecryptedFile file) {
        MemoryJar jar;
        try {
            jar = Launcher.jar(file);
        } catch (IOException e) {
            throw new CliFailure("NOT_A_JAR", file.info().name() + ": " + e.getMessage(), ExitCodes.LOCAL);
        }
        env.out().flush();
        try {
            awaitProgramThreads(jar.runMain(args.toArray(String[]::new), RunCommand.class.getClassLoader()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (InvocationTargetException e) {
            throw new CliFailure("APP_FAILED", file.info().name() + " failed: " + e.getCause(), ExitCodes.LOCAL);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new CliFailure("NOT_LAUNCHABLE", file.info().name() + ": " + e, ExitCodes.LOCAL);
        }
    }
}
