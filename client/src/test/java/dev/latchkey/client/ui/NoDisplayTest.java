package dev.latchkey.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NoDisplayTest {

    @Test
    @DisplayName("without a display the real entry point prints one clear sentence and exits 2, with no stack trace")
    void mainWithoutDisplay() throws Exception {
        Path home = dev.latchkey.client.support.Contexts.home("nodisplay");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.latchkey.client.Main")
                .redirectErrorStream(true);
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        pb.environment().put("LATCHKEY_CLIENT_HOME", home.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(GuiLauncher.NO_DISPLAY, p.exitValue(), output);
        assertTrue(output.contains("Cannot open a window: no display"), output);
        assertFalse(output.contains("Exception") || output.contains("\tat "), output);
    }

    @Test
    @DisplayName("display detection: Linux needs DISPLAY or WAYLAND_DISPLAY; Windows and macOS always have one")
    void detection() {
        assertTrue(GuiLauncher.missingDisplay(Map.of(), "Linux") != null);
        assertNull(GuiLauncher.missingDisplay(Map.of("DISPLAY", ":0"), "Linux"));
        assertNull(GuiLauncher.missingDisplay(Map.of("WAYLAND_DISPLAY", "wayland-0"), "Linux"));
        assertNull(GuiLauncher.missingDisplay(Map.of(), "Windows 11"));
    }
}
