package dev.latchkey.client.ui;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import imgui.ImGui;
import imgui.ImGuiIO;
import imgui.type.ImInt;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Runs the real UI code without a display: an ImGui context with a built font atlas, input fed
 * through {@link ImGuiIO}, frames run by hand, widgets found through {@link UiProbe}.
 */
final class HeadlessImGui implements AutoCloseable {

    private final ClientUi ui;
    private final Map<String, float[]> items = new HashMap<>();
    private final boolean hangul;

    HeadlessImGui(ClientUi ui) {
        this.ui = ui;
        ImGui.createContext();
        ImGuiIO io = ImGui.getIO();
        io.setIniFilename(null);
        io.setDisplaySize(1100, 720);
        hangul = Fonts.install(io).hangul();
        Theme.apply();
        ImInt w = new ImInt();
        ImInt h = new ImInt();
        io.getFonts().getTexDataAsRGBA32(w, h);
        UiProbe.install((id, x0, y0, x1, y1) -> items.put(id, new float[] {x0, y0, x1, y1}));
    }

    boolean hangulFont() {
        return hangul;
    }

    /** One frame; the probe map then holds what this frame drew. */
    void frame() {
        items.clear();
        ImGuiIO io = ImGui.getIO();
        io.setDeltaTime(1f / 60f);
        ImGui.newFrame();
        ui.draw();
        ImGui.render();
    }

    void frames(int n) {
        for (int i = 0; i < n; i++) {
            frame();
        }
    }

    boolean drawn(String id) {
        return items.containsKey(id);
    }

    /** Moves the mouse onto {@code id}'s centre and clicks (press and release in separate frames). */
    void click(String id) {
        frame();
        float[] r = items.get(id);
        assertNotNull(r, "widget " + id + " was not drawn; drawn: " + items.keySet());
        ImGuiIO io = ImGui.getIO();
        io.addMousePosEvent((r[0] + r[2]) / 2, (r[1] + r[3]) / 2);
        frame();
        io.addMouseButtonEvent(0, true);
        frame();
        io.addMouseButtonEvent(0, false);
        frame();
    }

    /** Clicks a text field and types {@code text} into it. */
    void type(String id, String text) {
        click(id);
        ImGui.getIO().addInputCharactersUTF8(text);
        frames(2);
    }

    /** Runs frames until {@code done} holds (background work lands through the inbox), or fails. */
    void until(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            frame();
            if (done.getAsBoolean()) {
                frame();
                return;
            }
            Thread.sleep(10);
        }
        fail("timed out waiting for: " + what);
    }

    @Override
    public void close() {
        UiProbe.install(null);
        ImGui.destroyContext();
    }
}
