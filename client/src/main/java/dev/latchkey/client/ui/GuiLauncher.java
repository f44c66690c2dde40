package dev.latchkey.client.ui;

import dev.latchkey.client.account.ClientContext;
import dev.latchkey.client.app.AppInfo;
import dev.latchkey.client.app.CrashReporter;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Opens the window, or explains in one sentence why it cannot (no display, no OpenGL, natives refused). */
public final class GuiLauncher {

    private static final Logger LOG = Logger.getLogger(GuiLauncher.class.getName());

    /** Exit status when no window can be opened. */
    public static final int NO_DISPLAY = 2;

    private GuiLauncher() {
    }

    /** Runs the GUI until its window closes; answers the process exit status. */
    public static int launch(ClientContext context, CrashReporter crashes, PrintStream err) {
        String missing = missingDisplay(System.getenv(), System.getProperty("os.name", ""));
        if (missing != null) {
            err.println(missing);
            return NO_DISPLAY;
        }
        GuiWindow window;
        try {
            window = GuiWindow.open(AppInfo.NAME, 1100, 720);
        } catch (GuiWindow.StartFailure e) {
            err.println(e.getMessage() + " Use the command line instead: java -jar latchkey-client.jar --help");
            return NO_DISPLAY;
        } catch (LinkageError e) {
            // Natives that do not load (an old glibc, a missing libGL) are a setup problem, not a crash.
            LOG.log(Level.WARNING, "native libraries failed to load", e);
            err.println("Cannot open a window: a native graphics library failed to load (" + e.getMessage()
                    + "). Use the command line instead: java -jar latchkey-client.jar --help");
            return NO_DISPLAY;
        }
        try (ClientUi ui = new ClientUi(context)) {
            ui.setKoreanFont(window.fonts().hangul());
            crashes.setShutdown(window::requestClose);
            ui.resumeRememberedSession();
            window.run(ui, null);
        } finally {
            window.close();
        }
        return crashes.crashed() ? 1 : 0;
    }

    /** A sentence when this is a Linux/BSD session without X11 or Wayland; null when a display may exist. */
    static String missingDisplay(Map<String, String> env, String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows") || os.startsWith("mac")) {
            return null;
        }
        if (blank(env.get("DISPLAY")) && blank(env.get("WAYLAND_DISPLAY"))) {
            return "Cannot open a window: no display (neither DISPLAY nor WAYLAND_DISPLAY is set). "
                    + "Run it in a desktop session, or use the command line: java -jar latchkey-client.jar --help";
        }
        return null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
