package dev.latchkey.client.ui;

import imgui.ImGui;

/** The language selector (login screen and settings). Korean needs a Hangul font; without one it is shown disabled. */
final class LanguageCombo {

    private LanguageCombo() {
    }

    static void process(ClientUi ui, String id) {
        Messages m = ui.messages();
        String current = "ko".equals(m.language()) ? "한국어" : "English";
        ImGui.setNextItemWidth(160);
        if (ImGui.beginCombo(m.get("login.language") + "##" + id, current)) {
            if (ImGui.selectable("English", "en".equals(m.language()))) {
                ui.useLanguage("en");
            }
            UiProbe.mark(id + ".en");
            if (ui.koreanFont()) {
                if (ImGui.selectable("한국어", "ko".equals(m.language()))) {
                    ui.useLanguage("ko");
                }
            } else {
                ImGui.beginDisabled();
                ImGui.selectable(m.get("settings.korean.nofont"), false);
                ImGui.endDisabled();
            }
            UiProbe.mark(id + ".ko");
            ImGui.endCombo();
        }
        UiProbe.mark(id);
    }
}
