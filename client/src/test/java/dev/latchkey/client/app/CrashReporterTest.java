package dev.latchkey.client.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashReporterTest {

    @Test
    @DisplayName("an uncaught exception writes a crash report with the stack into the logs folder and asks for shutdown once")
    void writesReportAndShutsDown(@TempDir Path logs) throws Exception {
        AtomicInteger shutdowns = new AtomicInteger();
        CrashReporter reporter = new CrashReporter(logs, shutdowns::incrementAndGet);
        Thread t = new Thread(() -> {
            throw new IllegalStateException("boom in the worker");
        }, "worker-7");
        t.setUncaughtExceptionHandler(reporter);
        t.start();
        t.join();
        reporter.uncaughtException(Thread.currentThread(), new RuntimeException("second"));
        assertEquals(1, shutdowns.get());
        assertTrue(reporter.crashed());
        try (Stream<Path> files = Files.list(logs)) {
            var reports = files.filter(p -> p.getFileName().toString().startsWith("crash-")).toList();
            assertEquals(2, reports.size());
            String text = Files.readString(reports.stream().sorted().findFirst().orElseThrow());
            assertTrue(text.contains("thread: worker-7"), text);
            assertTrue(text.contains("IllegalStateException: boom in the worker"), text);
            assertTrue(text.contains("at dev.latchkey.client.app.CrashReporterTest"), text);
        }
    }

    @Test
    @DisplayName("the log rotates: client-0.log is written and stays within its size limit")
    void rotatingLog(@TempDir Path logs) throws Exception {
        AppLog.install(logs);
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("rotation.test");
        String line = "x".repeat(1000);
        for (int i = 0; i < 1500; i++) {
            log.info(line);
        }
        try (Stream<Path> files = Files.list(logs)) {
            var logFiles = files.filter(p -> p.getFileName().toString().matches("client-\\d\\.log")).toList();
            assertTrue(logFiles.size() >= 2, "rotated into several files: " + logFiles);
            for (Path p : logFiles) {
                assertTrue(Files.size(p) <= AppLog.FILE_LIMIT_BYTES + 2048, p + " " + Files.size(p));
            }
        }
    }
}
