package dev.latchkey.client.ui;

import static org.lwjgl.glfw.GLFW.GLFW_CONTEXT_VERSION_MAJOR;
import static org.lwjgl.glfw.GLFW.GLFW_CONTEXT_VERSION_MINOR;
import static org.lwjgl.glfw.GLFW.GLFW_OPENGL_CORE_PROFILE;
import static org.lwjgl.glfw.GLFW.GLFW_OPENGL_FORWARD_COMPAT;
import static org.lwjgl.glfw.GLFW.GLFW_OPENGL_PROFILE;
import static org.lwjgl.glfw.GLFW.GLFW_TRUE;
import static org.lwjgl.glfw.GLFW.glfwCreateWindow;
import static org.lwjgl.glfw.GLFW.glfwDestroyWindow;
import static org.lwjgl.glfw.GLFW.glfwGetFramebufferSize;
import static org.lwjgl.glfw.GLFW.glfwInit;
import static org.lwjgl.glfw.GLFW.glfwMakeContextCurrent;
import static org.lwjgl.glfw.GLFW.glfwPostEmptyEvent;
import static org.lwjgl.glfw.GLFW.glfwSetErrorCallback;
import static org.lwjgl.glfw.GLFW.glfwSetWindowShouldClose;
import static org.lwjgl.glfw.GLFW.glfwShowWindow;
import static org.lwjgl.glfw.GLFW.glfwSwapBuffers;
import static org.lwjgl.glfw.GLFW.glfwSwapInterval;
import static org.lwjgl.glfw.GLFW.glfwTerminate;
import static org.lwjgl.glfw.GLFW.glfwWaitEventsTimeout;
import static org.lwjgl.glfw.GLFW.glfwWindowHint;
import static org.lwjgl.glfw.GLFW.glfwWindowShouldClose;
import static org.lwjgl.system.MemoryUtil.NULL;

import imgui.ImGui;
import imgui.ImGuiIO;
import imgui.gl3.ImGuiImplGl3;
import imgui.glfw.ImGuiImplGlfw;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lwjgl.glfw.GLFWErrorCallback;
import org.lwjgl.opengl.GL;
import org.lwjgl.opengl.GL11;

/**
 * The native window: GLFW + OpenGL 3.2 core + Dear ImGui's GLFW and GL3 backends around a {@link ClientUi}.
 * The loop waits for input (or a background result, which wakes it) at most a quarter second, so
 * countdowns move and an idle client does not spin a core.
 */
public final class GuiWindow implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GuiWindow.class.getName());
    private static final double IDLE_WAIT_SECONDS = 0.25;

    /** Called after each frame is rendered, before the buffers swap (the window test reads pixels here). */
    @FunctionalInterface
    public interface FrameHook {
        /** @return false to close the window */
        boolean afterRender(long frame, int framebufferWidth, int framebufferHeight);
    }

    /** The window could not be opened; the message is for the user. */
    public static final class StartFailure extends Exception {
        public StartFailure(String message) {
            super(message);
        }
    }

    private final ImGuiImplGlfw platform = new ImGuiImplGlfw();
    private final ImGuiImplGl3 renderer = new ImGuiImplGl3();
    private final long window;
    private final Fonts fonts;
    private volatile boolean closeRequested;

    private GuiWindow(long window, Fonts fonts) {
        this.window = window;
        this.fonts = fonts;
    }

    /** Opens the window and sets up ImGui; fails with a sentence when there is no usable display. */
    public static GuiWindow open(String title, int width, int height) throws StartFailure {
        AtomicReference<String> lastError = new AtomicReference<>("no details");
        glfwSetErrorCallback(GLFWErrorCallback.create((code, description) ->
                lastError.set(GLFWErrorCallback.getDescription(description) + " (0x" + Integer.toHexString(code) + ")")));
        if (!glfwInit()) {
            throw new StartFailure("Cannot open a window: the graphics system did not start (" + lastError.get() + ").");
        }
        glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 2);
        glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
        glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
        long window = glfwCreateWindow(width, height, title, NULL, NULL);
        if (window == NULL) {
            glfwTerminate();
            throw new StartFailure("Cannot open a window: OpenGL 3.2 is not available (" + lastError.get() + ").");
        }
        glfwMakeContextCurrent(window);
        glfwSwapInterval(1);
        GL.createCapabilities();
        ImGui.createContext();
        ImGuiIO io = ImGui.getIO();
        // No imgui.ini: the layout is fixed, and nothing should be written to the working directory.
        io.setIniFilename(null);
        Fonts fonts = Fonts.install(io);
        Theme.apply();
        GuiWindow w = new GuiWindow(window, fonts);
        w.platform.init(window, true);
        w.renderer.init("#version 150");
        glfwShowWindow(window);
        return w;
    }

    public Fonts fonts() {
        return fonts;
    }

    /** Runs frames until the window is closed or {@link #requestClose} is called (from any thread). */
    public void run(ClientUi ui, FrameHook hook) {
        ui.inbox().setWaker(() -> glfwPostEmptyEvent());
        int[] fbw = new int[1];
        int[] fbh = new int[1];
        for (long frame = 0; !glfwWindowShouldClose(window) && !closeRequested; frame++) {
            glfwWaitEventsTimeout(frame < 3 ? 0 : IDLE_WAIT_SECONDS);
            renderer.newFrame();
            platform.newFrame();
            ImGui.newFrame();
            ui.draw();
            ImGui.render();
            glfwGetFramebufferSize(window, fbw, fbh);
            GL11.glViewport(0, 0, fbw[0], fbh[0]);
            GL11.glClearColor(0.09f, 0.10f, 0.12f, 1f);
            GL11.glClear(GL11.GL_COLOR_BUFFER_BIT);
            renderer.renderDrawData(ImGui.getDrawData());
            if (hook != null && !hook.afterRender(frame, fbw[0], fbh[0])) {
                glfwSetWindowShouldClose(window, true);
            }
            glfwSwapBuffers(window);
        }
        ui.inbox().setWaker(() -> { });
    }

    /** Asks the loop to end after the current frame (thread-safe). */
    public void requestClose() {
        closeRequested = true;
        glfwPostEmptyEvent();
    }

    @Override
    public void close() {
        renderer.shutdown();
        try {
            platform.shutdown();
        } catch (RuntimeException e) {
            // The 1.87.3 backend throws from glfwDestroyCursor under some X servers (Xvfb): harmless at exit.
            LOG.log(Level.FINE, "ImGui GLFW backend shutdown", e);
        }
        ImGui.destroyContext();
        glfwDestroyWindow(window);
        glfwTerminate();
        GLFWErrorCallback cb = glfwSetErrorCallback(null);
        if (cb != null) {
            cb.free();
        }
    }
}
