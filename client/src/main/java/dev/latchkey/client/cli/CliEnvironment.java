package dev.latchkey.client.cli;

import dev.latchkey.client.account.ClientContext;
import java.io.InputStream;
import java.io.PrintWriter;

/**
 * What commands run against: the process context and the standard streams (tests pass their own).
 *
 * @param interactive whether stdin is a terminal (then the password prompt does not echo)
 */
public record CliEnvironment(ClientContext context, InputStream in, PrintWriter out, PrintWriter err, boolean interactive) {
}
