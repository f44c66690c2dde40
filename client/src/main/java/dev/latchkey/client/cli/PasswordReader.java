package dev.latchkey.client.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a password from standard input, never from the command line: arguments show up in process
 * lists and shell history. On a terminal the prompt does not echo; from a pipe the first line is read.
 */
final class PasswordReader {

    private static final int MAX_BYTES = 4096;

    private PasswordReader() {
    }

    static char[] read(CliEnvironment env) {
        if (env.interactive() && System.console() != null) {
            char[] p = System.console().readPassword("Password: ");
            if (p == null || p.length == 0) {
                throw new CliFailure("NO_PASSWORD", "no password given", ExitCodes.USAGE);
            }
            return p;
        }
        byte[] line = readLine(env.in());
        try {
            if (line.length == 0) {
                throw new CliFailure("NO_PASSWORD", "pipe the password on standard input, e.g. printf '%s\\n' \"$PW\" | ...",
                        ExitCodes.USAGE);
            }
            CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(line));
            char[] out = new char[chars.remaining()];
            chars.get(out);
            Arrays.fill(chars.array(), '\0');
            return out;
        } finally {
            Arrays.fill(line, (byte) 0);
        }
    }

    /** The first line without its terminator, as bytes (so no String copy of the password lingers). */
    private static byte[] readLine(InputStream in) {
        byte[] buf = new byte[MAX_BYTES];
        int n = 0;
        try {
            for (int b; n < MAX_BYTES && (b = in.read()) != -1; ) {
                if (b == '\n') {
                    break;
                }
                buf[n++] = (byte) b;
            }
        } catch (IOException e) {
            throw new CliFailure("NO_PASSWORD", "standard input could not be read", ExitCodes.LOCAL);
        }
        if (n > 0 && buf[n - 1] == '\r') {
            n--;
        }
        byte[] out = Arrays.copyOf(buf, n);
        Arrays.fill(buf, (byte) 0);
        return out;
    }
}
