package dev.latchkey.client.ui;

import dev.latchkey.client.account.Account;
import dev.latchkey.client.http.DeviceInfo;
import imgui.ImGui;
import imgui.flag.ImGuiTableFlags;
import imgui.flag.ImGuiWindowFlags;
import imgui.type.ImString;
import java.util.List;

/** The account's devices: this one marked, rename inline, deactivate after a confirmation. */
public final class DevicesTab {

    private static final String CONFIRM_POPUP = "##devices.confirm";

    private final ClientUi ui;
    private final Account account;
    private final Loadable<List<DeviceInfo>> list = new Loadable<>();
    private final ImString nickname = new ImString(101);
    private String renaming;
    private DeviceInfo confirming;
    private String error;
    private boolean working;

    DevicesTab(ClientUi ui, Account account) {
        this.ui = ui;
        this.account = account;
    }

    void process() {
        Messages m = ui.messages();
        if (!list.loadedOnce()) {
            reload();
        }
        if (ImGui.button(m.get("common.refresh") + "##devices.refresh")) {
            reload();
        }
        if (list.loading()) {
            ImGui.sameLine();
            Theme.text(Theme.MUTED, m.get("common.loading"));
        }
        for (String e : new String[] {list.error(), error}) {
            if (e != null) {
                Theme.text(Theme.ERROR, e);
            }
        }
        List<DeviceInfo> items = list.value();
        if (items != null) {
            table(m, items);
        }
        confirmPopup(m);
    }

    private void table(Messages m, List<DeviceInfo> items) {
        int flags = ImGuiTableFlags.Borders | ImGuiTableFlags.RowBg | ImGuiTableFlags.SizingStretchProp;
        if (!ImGui.beginTable("##devices.table", 4, flags)) {
            return;
        }
        ImGui.tableSetupColumn(m.get("devices.name"));
        ImGui.tableSetupColumn(m.get("devices.lastSeen"));
        ImGui.tableSetupColumn(m.get("devices.components"));
        ImGui.tableSetupColumn("");
        ImGui.tableHeadersRow();
        for (DeviceInfo d : items) {
            ImGui.pushID(d.id());
            ImGui.tableNextRow();
            ImGui.tableNextColumn();
            if (d.id().equals(renaming)) {
                renameRow(m, d);
            } else {
                ImGui.textUnformatted(d.label());
                if (d.current()) {
                    ImGui.sameLine();
                    Theme.text(Theme.ACCENT, m.get("devices.this"));
                    UiProbe.mark("devices.current");
                }
            }
            ImGui.tableNextColumn();
            ImGui.textUnformatted(d.lastSeenAt() == null ? "-" : d.lastSeenAt().toString());
            ImGui.tableNextColumn();
            Theme.text(Theme.MUTED, String.join(", ", d.components()));
            ImGui.tableNextColumn();
            ImGui.beginDisabled(working);
            if (ImGui.smallButton(m.get("devices.rename") + "##rename")) {
                renaming = d.id();
                nickname.set(d.nickname() == null ? "" : d.nickname());
            }
            UiProbe.mark("devices.rename." + d.id());
            ImGui.sameLine();
            if (ImGui.smallButton(m.get("devices.deactivate") + "##deactivate")) {
                confirming = d;
            }
            UiProbe.mark("devices.deactivate." + d.id());
            ImGui.endDisabled();
            ImGui.popID();
        }
        ImGui.endTable();
    }

    private void renameRow(Messages m, DeviceInfo d) {
        ImGui.setNextItemWidth(220);
        ImGui.inputText("##nickname", nickname);
        boolean enter = Inputs.enterPressed();
        UiProbe.mark("devices.nickname");
        ImGui.sameLine();
        boolean save = ImGui.smallButton(m.get("common.save") + "##save");
        UiProbe.mark("devices.save");
        ImGui.sameLine();
        if (ImGui.smallButton(m.get("common.cancel") + "##cancel")) {
            renaming = null;
        }
        if ((enter || save) && !working) {
            String name = nickname.get();
            working = true;
            error = null;
            ui.tasks().run(() -> account.api().renameDevice(d.id(), name), renamed -> {
                working = false;
                renaming = null;
                ui.toasts().show(m.get("devices.renamed"), renamed.label());
                reload();
            }, e -> {
                working = false;
                error = m.error(e);
            });
        }
    }

    private void confirmPopup(Messages m) {
        // Opened here, in the tab's ID scope, not inside a row's pushID: begin and open must agree on the id.
        if (confirming != null && !ImGui.isPopupOpen(CONFIRM_POPUP)) {
            ImGui.openPopup(CONFIRM_POPUP);
        }
        if (ImGui.beginPopupModal(CONFIRM_POPUP, ImGuiWindowFlags.AlwaysAutoResize)) {
            DeviceInfo d = confirming;
            ImGui.textUnformatted(m.get("devices.confirm", d == null ? "" : d.label()));
            if (ImGui.button(m.get("common.yes") + "##devices.yes", 120, 0) && d != null) {
                deactivate(m, d);
                confirming = null;
                ImGui.closeCurrentPopup();
            }
            UiProbe.mark("devices.yes");
            ImGui.sameLine();
            if (ImGui.button(m.get("common.no") + "##devices.no", 120, 0)) {
                confirming = null;
                ImGui.closeCurrentPopup();
            }
            ImGui.endPopup();
        }
    }

    private void deactivate(Messages m, DeviceInfo d) {
        working = true;
        error = null;
        ui.tasks().run(() -> account.api().deactivateDevice(d.id()), seats -> {
            working = false;
            ui.toasts().show(m.get("devices.deactivated", seats), d.label());
            reload();
        }, e -> {
            working = false;
            error = m.error(e);
        });
    }

    void reload() {
        list.load(ui.tasks(), ui.messages(), () -> account.api().devices());
    }

    public List<DeviceInfo> items() {
        return list.value();
    }

    public String error() {
        return error;
    }
}
