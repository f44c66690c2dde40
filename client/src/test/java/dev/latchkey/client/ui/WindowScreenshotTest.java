package dev.latchkey.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.latchkey.client.support.LiveServer;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Opens the real window under Xvfb (started here on a free display, stopped by its PID) and saves
 * screenshots to {@code target/window-login.png}, {@code target/window-main.png} and
 * {@code target/window-downloads.png}.
 * Needs the Debian packages xvfb, libgl1-mesa-dri and libglx-mesa0.
 */
class WindowScreenshotTest {

    private static LiveServer server;

    @BeforeAll
    static void start() {
        server = LiveServer.start("window", new JsonObject().put("LATCHKEY_RATE_DOWNLOAD", "1000/1m"));
        server.createUser("window_user", "window-user-password", 3);
        String product = server.product("Window Pro");
        server.redeemFor("window_user", "window-user-password", server.issueKey(product, "pro", "export"));
        server.upload(product, "window-pro-setup.jar", "3.1.0", new byte[150_000]);
        server.upload(product, "plugin-pack.lua", "1.2", "print('hi')\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    @DisplayName("the real window opens under Xvfb, draws the dark login screen, signs in and draws the main window")
    void screenshot() throws Exception {
        Path target = Path.of(System.getProperty("latchkey.test.target", "target"));
        Path out = Files.createDirectories(target.resolve("window-test"));
        Path runtimeDir = Files.createTempDirectory("xdg-runtime-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Process xvfb = null;
        try {
            int display = -1;
            for (int n = 90; n < 190 && xvfb == null; n++) {
                if (Files.exists(Path.of("/tmp/.X11-unix/X" + n)) || Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
                    continue;
                }
                Process p = startXvfb(n);
                if (waitForSocket(p, n)) {
                    xvfb = p;
                    display = n;
                } else {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
            if (xvfb == null) {
                fail("could not start Xvfb on any display :90-:189");
            }
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    WindowHarness.class.getName(), out.toString(), server.url(), "window_user")
                    .redirectErrorStream(true)
                    .redirectOutput(out.resolve("harness.log").toFile());
            pb.environment().put("DISPLAY", ":" + display);
            pb.environment().put("XDG_RUNTIME_DIR", runtimeDir.toString());
            pb.environment().remove("WAYLAND_DISPLAY");
            Process harness = pb.start();
            harness.getOutputStream().write("window-user-password\n".getBytes(StandardCharsets.UTF_8));
            harness.getOutputStream().close();
            if (!harness.waitFor(90, TimeUnit.SECONDS)) {
                harness.destroyForcibly();
                fail("the window harness did not finish; log: " + Files.readString(out.resolve("harness.log")));
            }
            assertEquals(0, harness.exitValue(), () -> "harness log: " + read(out.resolve("harness.log")));
        } finally {
            if (xvfb != null) {
                xvfb.destroy();
                if (!xvfb.waitFor(5, TimeUnit.SECONDS)) {
                    xvfb.destroyForcibly();
                }
            }
        }
        for (String name : List.of("window-login.png", "window-main.png", "window-downloads.png")) {
            Path png = out.resolve(name);
            Files.copy(png, target.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            BufferedImage image = ImageIO.read(png.toFile());
            assertEquals(1100, image.getWidth());
            assertEquals(720, image.getHeight());
            int corner = image.getRGB(2, 2) & 0xffffff;
            assertTrue(isDark(corner), name + ": the theme's dark background, got #" + Integer.toHexString(corner));
            Set<Integer> colours = new HashSet<>();
            for (int y = 0; y < image.getHeight(); y += 3) {
                for (int x = 0; x < image.getWidth(); x += 3) {
                    colours.add(image.getRGB(x, y) & 0xffffff);
                }
            }
            assertTrue(colours.size() > 20, name + ": something is drawn (" + colours.size() + " colours)");
        }
    }

    private static Process startXvfb(int n) throws IOException {
        return new ProcessBuilder("Xvfb", ":" + n, "-screen", "0", "1280x800x24", "-nolisten", "tcp")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static boolean waitForSocket(Process p, int n) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (!p.isAlive()) {
                return false;
            }
            if (Files.exists(Path.of("/tmp/.X11-unix/X" + n))) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static boolean isDark(int rgb) {
        return (rgb >> 16 & 0xff) < 50 && (rgb >> 8 & 0xff) < 50 && (rgb & 0xff) < 50;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
