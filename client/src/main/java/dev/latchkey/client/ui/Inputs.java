package dev.latchkey.client.ui;

import imgui.ImGui;
import imgui.flag.ImGuiKey;

/** Small input idioms shared by the screens. */
final class Inputs {

    private Inputs() {
    }

    /**
     * Whether the text field just submitted was confirmed with Enter. Used instead of
     * {@code ImGuiInputTextFlags.EnterReturnsTrue}: imgui-java refreshes {@code ImString.get()} only when
     * {@code inputText} returns true, so with that flag the Java string would lag behind what was typed.
     */
    static boolean enterPressed() {
        return ImGui.isItemDeactivated() && (ImGui.isKeyPressed(ImGuiKey.Enter) || ImGui.isKeyPressed(ImGuiKey.KeypadEnter));
    }
}
