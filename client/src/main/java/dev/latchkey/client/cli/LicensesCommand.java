package dev.latchkey.client.cli;

import dev.latchkey.client.http.ApiException;
import dev.latchkey.client.http.LicenseInfo;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(name = "licenses", description = "List your licenses: product, status, expiry, features.")
final class LicensesCommand implements Callable<Integer> {

    @ParentCommand
    Cli cli;

    @Mixin
    SessionOptions session;

    @Override
    public Integer call() throws ApiException {
        List<LicenseInfo> licenses = session.withAccount(cli.env(), account -> account.api().licenses());
        var out = cli.env().out();
        if (licenses.isEmpty()) {
            out.println("No licenses. Redeem a key with: redeem KEY");
            return ExitCodes.OK;
        }
        out.printf("%-36s  %-20s  %-9s  %-20s  %-5s  %s%n", "ID", "PRODUCT", "STATUS", "EXPIRES", "SEATS", "FEATURES");
        for (LicenseInfo l : licenses) {
            out.printf("%-36s  %-20s  %-9s  %-20s  %-5s  %s%n", l.id(), l.product(), l.status(),
                    l.perpetual() ? "never" : l.expiresAt().toString(),
                    l.activations() + "/" + l.maxActivations(), String.join(",", l.features()));
        }
        return ExitCodes.OK;
    }
}
