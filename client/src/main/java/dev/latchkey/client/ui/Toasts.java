package dev.latchkey.client.ui;

import imgui.ImGui;
import imgui.flag.ImGuiCond;
import imgui.flag.ImGuiWindowFlags;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Short notices stacked in the bottom-right corner (plugin notifications, confirmations), where they
 * cover no header control. UI thread only.
 */
public final class Toasts {

    private static final long SHOW_NANOS = 6_000_000_000L;
    private static final int MAX = 4;

    private record Toast(String title, String text, long shownAt) {
    }

    private final ArrayDeque<Toast> toasts = new ArrayDeque<>();

    public void show(String title, String text) {
        if (toasts.size() == MAX) {
            toasts.removeFirst();
        }
        toasts.addLast(new Toast(title, text, System.nanoTime()));
    }

    /** Titles currently shown, oldest first. */
    public List<String> titles() {
        List<String> out = new ArrayList<>();
        toasts.forEach(t -> out.add(t.title()));
        return out;
    }

    public void process() {
        long now = System.nanoTime();
        toasts.removeIf(t -> now - t.shownAt() > SHOW_NANOS);
        float y = ImGui.getIO().getDisplaySizeY() - 12;
        int i = 0;
        float width = ImGui.getIO().getDisplaySizeX();
        for (var it = toasts.descendingIterator(); it.hasNext(); ) {
            Toast t = it.next();
            ImGui.setNextWindowPos(width - 12, y, ImGuiCond.Always, 1f, 1f);
            ImGui.setNextWindowBgAlpha(0.95f);
            int flags = ImGuiWindowFlags.NoDecoration | ImGuiWindowFlags.AlwaysAutoResize | ImGuiWindowFlags.NoSavedSettings
                    | ImGuiWindowFlags.NoFocusOnAppearing | ImGuiWindowFlags.NoNav | ImGuiWindowFlags.NoMove;
            if (ImGui.begin("##toast" + i++, flags)) {
                Theme.text(Theme.ACCENT, t.title());
                if (t.text() != null && !t.text().isBlank()) {
                    ImGui.pushTextWrapPos(ImGui.getFontSize() * 24);
                    ImGui.textUnformatted(t.text());
                    ImGui.popTextWrapPos();
                }
                y -= ImGui.getWindowHeight() + 8;
            }
            ImGui.end();
        }
    }
}
