package dev.latchkey.client.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The client's one log: {@code java.util.logging} to a rotating file set in the logs folder
 * ({@code client-0.log} newest, 5 files of 1 MiB). Libraries logging through SLF4J land here too.
 * Nothing secret is ever passed to a logger: no password, token, license key or file key.
 */
public final class AppLog {

    static final int FILE_LIMIT_BYTES = 1 << 20;
    static final int FILE_COUNT = 5;

    private AppLog() {
    }

    /**
     * Replaces the root handlers with the rotating file. The console gets nothing: the CLI prints its
     * own results, and a GUI has no console.
     */
    public static synchronized void install(Path logDir) throws IOException {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
            h.close();
        }
        FileHandler file = new FileHandler(logDir.resolve("client-%g.log").toString(), FILE_LIMIT_BYTES, FILE_COUNT, true);
        file.setEncoding("UTF-8");
        file.setFormatter(new LineFormatter());
        file.setLevel(Level.INFO);
        root.addHandler(file);
        root.setLevel(Level.INFO);
    }

    /** One line per record: time, level, logger, message; the stack trace below when there is one. */
    static final class LineFormatter extends Formatter {
        @Override
        public String format(LogRecord r) {
            StringBuilder b = new StringBuilder(128)
                    .append(Instant.ofEpochMilli(r.getMillis())).append(' ')
                    .append(r.getLevel().getName()).append(' ')
                    .append(r.getLoggerName()).append(": ")
                    .append(formatMessage(r)).append(System.lineSeparator());
            if (r.getThrown() != null) {
                StringWriter w = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(w));
                b.append(w);
            }
            return b.toString();
        }
    }
}
