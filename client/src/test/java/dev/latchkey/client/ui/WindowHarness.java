package dev.latchkey.client.ui;

import dev.latchkey.client.account.ClientContext;
import dev.latchkey.client.support.Contexts;
import dev.latchkey.client.support.NoVault;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.lwjgl.BufferUtils;
import org.lwjgl.opengl.GL11;

/**
 * Child process of {@link WindowScreenshotTest}: opens the real window (GLFW, OpenGL, ImGui backends),
 * saves the login screen, signs in to the given server, saves the main screen, and exits.
 * Arguments: output folder, server URL, username; the password comes on standard input.
 */
public final class WindowHarness {

    private enum Step { LOGIN, SIGNING_IN, MAIN, DOWNLOADS, DONE }

    private WindowHarness() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        String server = args[1];
        String user = args[2];
        String password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        try (ClientContext ctx = Contexts.create(out.resolve("home"), new NoVault(), Contexts.machine("window"))) {
            ctx.settings().update(s -> s.withLogin(server, "", false));
            GuiWindow window = GuiWindow.open("Latchkey", 1100, 720);
            Step[] step = {Step.LOGIN};
            long[] mark = {0};
            long started = System.nanoTime();
            try (ClientUi ui = new ClientUi(ctx)) {
                ui.setKoreanFont(window.fonts().hangul());
                window.run(ui, (frame, w, h) -> {
                    if (System.nanoTime() - started > 60_000_000_000L) {
                        throw new IllegalStateException("window harness timed out at step " + step[0]);
                    }
                    switch (step[0]) {
                        case LOGIN -> {
                            if (frame == 5) {
                                save(w, h, out.resolve("window-login.png").toFile());
                                ui.loginScreen().fill(server, user, password);
                                ui.loginScreen().submit();
                                step[0] = Step.SIGNING_IN;
                            }
                        }
                        case SIGNING_IN -> {
                            var main = ui.mainScreen();
                            if (main.isPresent() && main.get().licenses().items() != null && ui.runtime().isPresent()) {
                                step[0] = Step.MAIN;
                                mark[0] = frame;
                            }
                            if (ui.loginScreen().error() != null) {
                                throw new IllegalStateException("sign-in failed: " + ui.loginScreen().error());
                            }
                        }
                        case MAIN -> {
                            if (frame >= mark[0] + 5) {
                                save(w, h, out.resolve("window-main.png").toFile());
                                MainScreen main = ui.mainScreen().orElseThrow();
                                main.show(MainScreen.Tab.DOWNLOADS);
                                step[0] = Step.DOWNLOADS;
                                mark[0] = -1;
                            }
                        }
                        case DOWNLOADS -> {
                            var files = ui.mainScreen().orElseThrow().downloads().files();
                            if (mark[0] < 0 && files != null && !files.isEmpty()) {
                                mark[0] = frame;
                            }
                            if (mark[0] >= 0 && frame >= mark[0] + 5) {
                                save(w, h, out.resolve("window-downloads.png").toFile());
                                step[0] = Step.DONE;
                                return false;
                            }
                        }
                        default -> {
                            return false;
                        }
                    }
                    return true;
                });
            } finally {
                window.close();
            }
            if (step[0] != Step.DONE) {
                System.exit(1);
            }
        }
        System.exit(0);
    }

    /** Reads the back buffer (before the swap) into a PNG. */
    static void save(int w, int h, File file) {
        ByteBuffer pixels = BufferUtils.createByteBuffer(w * h * 4);
        GL11.glPixelStorei(GL11.GL_PACK_ALIGNMENT, 1);
        GL11.glReadPixels(0, 0, w, h, GL11.GL_RGBA, GL11.GL_UNSIGNED_BYTE, pixels);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = ((h - 1 - y) * w + x) * 4; // OpenGL rows go bottom-up
                int rgb = (pixels.get(i) & 0xff) << 16 | (pixels.get(i + 1) & 0xff) << 8 | (pixels.get(i + 2) & 0xff);
                image.setRGB(x, y, rgb);
            }
        }
        try {
            ImageIO.write(image, "png", file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
