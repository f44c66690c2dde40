package dev.latchkey.client.cli;

import dev.latchkey.client.hwid.HardwareId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "hwid", description = {"Show this machine's hardware ID as sent at sign-in.",
    "Each component is shown as its SHA-256: raw serial numbers never leave the machine."})
final class HwidCommand implements Callable<Integer> {

    @ParentCommand
    Cli cli;

    @Override
    public Integer call() {
        HardwareId id = cli.env().context().hardwareId();
        if (id.isEmpty()) {
            throw new CliFailure("NO_HARDWARE_ID", "no hardware identifier could be read on this machine", ExitCodes.LOCAL);
        }
        id.components().forEach((name, hash) -> cli.env().out().printf("%-8s %s%n", name, hash));
        return ExitCodes.OK;
    }
}
