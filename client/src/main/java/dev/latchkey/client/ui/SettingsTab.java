package dev.latchkey.client.ui;

import dev.latchkey.client.app.AppInfo;
import dev.latchkey.client.app.AppPaths;
import dev.latchkey.client.hwid.HardwareId;
import imgui.ImGui;
import imgui.flag.ImGuiTableFlags;
import java.util.Map;

/** Language, this machine's hardware ID as hashes, where files live, versions. */
public final class SettingsTab {

    private final ClientUi ui;
    private final Loadable<HardwareId> hwid = new Loadable<>();

    SettingsTab(ClientUi ui) {
        this.ui = ui;
    }

    void process() {
        Messages m = ui.messages();
        if (!hwid.loadedOnce()) {
            // OSHI takes about a second on first use; the context keeps the result.
            hwid.load(ui.tasks(), m, () -> ui.context().hardwareId());
        }
        LanguageCombo.process(ui, "settings.language");
        ImGui.spacing();
        ImGui.textUnformatted(m.get("settings.hwid"));
        HardwareId id = hwid.value();
        if (id == null) {
            Theme.text(Theme.MUTED, m.get("common.loading"));
        } else if (id.isEmpty()) {
            Theme.text(Theme.WARNING, m.get("settings.hwid.none"));
        } else if (ImGui.beginTable("##settings.hwid", 2, ImGuiTableFlags.Borders | ImGuiTableFlags.RowBg
                | ImGuiTableFlags.SizingFixedFit)) {
            for (Map.Entry<String, String> c : id.components().entrySet()) {
                ImGui.tableNextRow();
                ImGui.tableNextColumn();
                ImGui.textUnformatted(c.getKey());
                ImGui.tableNextColumn();
                Theme.text(Theme.MUTED, c.getValue());
            }
            ImGui.endTable();
            UiProbe.mark("settings.hwid");
        }
        ImGui.spacing();
        AppPaths paths = ui.context().paths();
        if (ImGui.beginTable("##settings.about", 2, ImGuiTableFlags.SizingFixedFit)) {
            row(m.get("settings.logs"), paths.logs().toString());
            row(m.get("settings.data"), paths.data().toString());
            row(m.get("settings.cache"), paths.cache().toString());
            row(m.get("settings.keychain"), ui.context().vault().available()
                    ? m.get("settings.keychain.ok") : ui.context().vault().unavailableReason());
            row(m.get("settings.version"), AppInfo.version());
            row(m.get("settings.imgui"), ImGui.getVersion());
            row("Java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
            ImGui.endTable();
        }
    }

    private static void row(String label, String value) {
        ImGui.tableNextRow();
        ImGui.tableNextColumn();
        ImGui.textUnformatted(label);
        ImGui.tableNextColumn();
        ImGui.textUnformatted(value);
    }

    /** The fingerprint shown, once read. */
    public HardwareId hardwareId() {
        return hwid.value();
    }
}
