package dev.latchkey.server.ops;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** {@code LATCHKEY_LOG_FORMAT=json}: one JSON object per line ({@code time, level, logger, message, error}). */
public final class JsonLogFormatter extends Formatter {

    @Override
    public String format(LogRecord r) {
        JsonObject o = new JsonObject()
                .put("time", Instant.ofEpochMilli(r.getMillis()).toString())
                .put("level", r.getLevel().getName())
                .put("logger", r.getLoggerName())
                .put("message", formatMessage(r));
        if (r.getThrown() != null) {
            StringWriter w = new StringWriter();
            r.getThrown().printStackTrace(new PrintWriter(w));
            o.put("error", w.toString());
        }
        return o.encode() + System.lineSeparator();
    }

    /** Replaces the root logger's handlers with one writing JSON lines to stderr. */
    public static void install() {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler console = new ConsoleHandler();
        console.setFormatter(new JsonLogFormatter());
        root.addHandler(console);
    }
}
