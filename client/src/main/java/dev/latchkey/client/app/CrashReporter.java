package dev.latchkey.client.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes a crash report into the logs folder when a thread dies of an uncaught exception, then asks
 * the application to shut down cleanly (the window closes, plugins get {@code on_stop}, the lease
 * checkpoint is saved) instead of leaving a half-working client behind.
 */
public final class CrashReporter implements Thread.UncaughtExceptionHandler {

    private static final Logger LOG = Logger.getLogger(CrashReporter.class.getName());
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private final Path logDir;
    private volatile Runnable shutdown;
    private final AtomicBoolean crashed = new AtomicBoolean();

    public CrashReporter(Path logDir, Runnable shutdown) {
        this.logDir = logDir;
        this.shutdown = shutdown;
    }

    /** What to run after a crash (the window replaces the default once it is open). */
    public void setShutdown(Runnable shutdown) {
        this.shutdown = shutdown;
    }

    /** Installs this reporter for every thread without a handler of its own. */
    public CrashReporter install() {
        Thread.setDefaultUncaughtExceptionHandler(this);
        return this;
    }

    @Override
    public void uncaughtException(Thread thread, Throwable error) {
        Path report = write(thread, error);
        LOG.log(Level.SEVERE, "Uncaught exception in " + thread.getName() + "; crash report " + report, error);
        if (crashed.compareAndSet(false, true)) {
            shutdown.run();
        }
    }

    /** Writes the report and returns its path (null if even that failed). */
    public Path write(Thread thread, Throwable error) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        String text = "Latchkey client crash report" + System.lineSeparator()
                + "time: " + Instant.now() + System.lineSeparator()
                + "version: " + AppInfo.version() + System.lineSeparator()
                + "os: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + System.lineSeparator()
                + "java: " + System.getProperty("java.vendor") + " " + System.getProperty("java.version") + System.lineSeparator()
                + "thread: " + thread.getName() + System.lineSeparator() + System.lineSeparator()
                + trace;
        try {
            Files.createDirectories(logDir);
            Path file = logDir.resolve("crash-" + STAMP.format(Instant.now()) + ".txt");
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            System.err.println(text);
            return null;
        }
    }

    public boolean crashed() {
        return crashed.get();
    }
}
