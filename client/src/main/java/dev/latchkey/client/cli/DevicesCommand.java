package dev.latchkey.client.cli;

import dev.latchkey.client.http.ApiException;
import dev.latchkey.client.http.DeviceInfo;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(name = "devices", description = "List your devices; * marks this one.")
final class DevicesCommand implements Callable<Integer> {

    @ParentCommand
    Cli cli;

    @Mixin
    SessionOptions session;

    @Override
    public Integer call() throws ApiException {
        List<DeviceInfo> devices = session.withAccount(cli.env(), account -> account.api().devices());
        var out = cli.env().out();
        out.printf("  %-36s  %-30s  %s%n", "ID", "NAME", "LAST SEEN");
        for (DeviceInfo d : devices) {
            out.printf("%s %-36s  %-30s  %s%n", d.current() ? "*" : " ", d.id(), d.label(),
                    d.lastSeenAt() == null ? "-" : d.lastSeenAt().toString());
        }
        return ExitCodes.OK;
    }
}
