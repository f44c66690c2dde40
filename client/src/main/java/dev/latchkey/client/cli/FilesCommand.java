package dev.latchkey.client.cli;

import dev.latchkey.client.http.ApiException;
import dev.latchkey.client.http.FileInfo;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(name = "files", description = "List the files your licenses on this device allow.")
final class FilesCommand implements Callable<Integer> {

    @ParentCommand
    Cli cli;

    @Mixin
    SessionOptions session;

    @Override
    public Integer call() throws ApiException {
        List<FileInfo> files = session.withAccount(cli.env(), account -> FileLookup.downloads(cli.env(), account).available());
        var out = cli.env().out();
        if (files.isEmpty()) {
            out.println("No files available.");
            return ExitCodes.OK;
        }
        out.printf("%-36s  %-30s  %-12s  %-8s  %s%n", "ID", "NAME", "VERSION", "CHANNEL", "SIZE");
        for (FileInfo f : files) {
            out.printf("%-36s  %-30s  %-12s  %-8s  %d%n", f.id(), f.name(), f.version(), f.channel(), f.size());
        }
        return ExitCodes.OK;
    }
}
