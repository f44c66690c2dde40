package dev.latchkey.client.ui;

import imgui.ImGui;
import imgui.ImVec2;

/**
 * Where the last widget was drawn, for tests that click and type through {@code ImGuiIO} without a
 * display (in the spirit of Dear ImGui's test engine item registry). In the app no recorder is set
 * and {@link #mark} returns at once.
 */
public final class UiProbe {

    /** Receives each marked item's rectangle in screen coordinates. */
    @FunctionalInterface
    public interface Recorder {
        void item(String id, float minX, float minY, float maxX, float maxY);
    }

    private static volatile Recorder recorder;

    private UiProbe() {
    }

    public static void install(Recorder r) {
        recorder = r;
    }

    /** Records the rectangle of the item just submitted under {@code id}. */
    public static void mark(String id) {
        Recorder r = recorder;
        if (r == null) {
            return;
        }
        ImVec2 min = ImGui.getItemRectMin();
        ImVec2 max = ImGui.getItemRectMax();
        r.item(id, min.x, min.y, max.x, max.y);
    }
}
