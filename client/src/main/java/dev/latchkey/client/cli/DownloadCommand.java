package dev.latchkey.client.cli;

import dev.latchkey.client.downloads.DecryptedFile;
import dev.latchkey.client.downloads.Downloads;
import dev.latchkey.client.http.ApiException;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "download", description = {"Download a file, decrypt it in memory and verify its signed SHA-256.",
    "Only the encrypted container is cached (an interrupted download resumes); no plaintext is written anywhere."})
final class DownloadCommand implements Callable<Integer> {

    @ParentCommand
    Cli cli;

    @Mixin
    SessionOptions session;

    @Parameters(paramLabel = "ID", description = "File id (see `files`).")
    String id;

    @Option(names = "--sha256", description = "Print the plaintext's SHA-256 and size (\"<hex>  <bytes>\").")
    boolean sha256;

    @Override
    public Integer call() throws ApiException {
        CliEnvironment env = cli.env();
        String line = session.withAccount(env, account -> {
            Downloads downloads = FileLookup.downloads(env, account);
            DecryptedFile file = downloads.open(FileLookup.find(downloads, id), p -> { }, new AtomicBoolean());
            try {
                return sha256 ? file.sha256() + "  " + file.size()
                        : "verified " + file.info().name() + " " + file.info().version() + " (" + file.size() + " bytes)";
            } finally {
                file.wipe();
            }
        });
        env.out().println(line);
        return ExitCodes.OK;
    }
}
