package dev.latchkey.client.cli;

import dev.latchkey.client.http.ApiException;
import dev.latchkey.client.http.LicenseInfo;
import dev.latchkey.protocol.license.LicenseKeyFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "redeem", description = "Add a license key to your account.")
final class RedeemCommand implements Callable<Integer> {

    /** Refused before any request: a typo would otherwise spend the account's wrong-key budget. */
    static final String INVALID_KEY_FORMAT = "INVALID_KEY_FORMAT";

    @ParentCommand
    Cli cli;

    @Mixin
    SessionOptions session;

    @Parameters(paramLabel = "KEY", description = "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX")
    String key;

    @Override
    public Integer call() throws ApiException {
        String canonical = LicenseKeyFormat.canonical(key).orElseThrow(() -> new CliFailure(INVALID_KEY_FORMAT,
                "this is not a valid license key (mistyped symbol?)", ExitCodes.USAGE));
        LicenseInfo l = session.withAccount(cli.env(), account -> account.api().redeem(canonical));
        cli.env().out().println("Redeemed: " + l.id() + " (" + l.status() + ")");
        return ExitCodes.OK;
    }
}
