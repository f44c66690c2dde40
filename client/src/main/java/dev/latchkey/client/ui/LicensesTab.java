package dev.latchkey.client.ui;

import dev.latchkey.client.account.Account;
import dev.latchkey.client.http.LicenseInfo;
import dev.latchkey.protocol.license.LicenseKeyFormat;
import imgui.ImGui;
import imgui.flag.ImGuiInputTextFlags;
import imgui.flag.ImGuiTableFlags;
import imgui.type.ImString;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The account's licenses with a live expiry countdown, and redeeming a key (checked locally first). */
public final class LicensesTab {

    private final ClientUi ui;
    private final Account account;
    private final Loadable<List<LicenseInfo>> list = new Loadable<>();
    private final ImString key = new ImString(64);
    private String redeemError;
    private boolean redeeming;

    LicensesTab(ClientUi ui, Account account) {
        this.ui = ui;
        this.account = account;
    }

    void process() {
        Messages m = ui.messages();
        if (!list.loadedOnce()) {
            reload();
        }
        if (ImGui.button(m.get("common.refresh") + "##licenses.refresh")) {
            reload();
        }
        UiProbe.mark("licenses.refresh");
        if (list.loading()) {
            ImGui.sameLine();
            Theme.text(Theme.MUTED, m.get("common.loading"));
        }
        if (list.error() != null) {
            Theme.text(Theme.ERROR, list.error());
        }
        List<LicenseInfo> items = list.value();
        if (items != null && items.isEmpty()) {
            Theme.text(Theme.MUTED, m.get("licenses.empty"));
        } else if (items != null) {
            table(m, items);
        }
        ImGui.spacing();
        ImGui.separator();
        redeem(m);
    }

    private void table(Messages m, List<LicenseInfo> items) {
        int flags = ImGuiTableFlags.Borders | ImGuiTableFlags.RowBg | ImGuiTableFlags.SizingStretchProp;
        if (!ImGui.beginTable("##licenses.table", 6, flags)) {
            return;
        }
        for (String h : new String[] {"licenses.product", "licenses.status", "licenses.expires", "licenses.left",
                "licenses.features", "licenses.seats"}) {
            ImGui.tableSetupColumn(m.get(h));
        }
        ImGui.tableHeadersRow();
        Instant now = ui.context().clock().instant();
        for (LicenseInfo l : items) {
            ImGui.tableNextRow();
            ImGui.tableNextColumn();
            ImGui.textUnformatted(l.product() + (l.onThisDevice() ? "  *" : ""));
            if (l.onThisDevice() && ImGui.isItemHovered()) {
                ImGui.setTooltip(m.get("licenses.thisDevice"));
            }
            ImGui.tableNextColumn();
            Theme.text("active".equals(l.status()) ? Theme.SUCCESS : Theme.WARNING, l.status());
            ImGui.tableNextColumn();
            ImGui.textUnformatted(l.perpetual() ? m.get("common.never") : l.expiresAt().toString());
            ImGui.tableNextColumn();
            if (l.perpetual()) {
                ImGui.textUnformatted("-");
            } else if (l.expiresAt().isAfter(now)) {
                ImGui.textUnformatted(Durations.countdown(Duration.between(now, l.expiresAt())));
            } else {
                Theme.text(Theme.WARNING, m.get("licenses.expired"));
            }
            ImGui.tableNextColumn();
            ImGui.textUnformatted(l.features().isEmpty() ? "-" : String.join(", ", l.features()));
            ImGui.tableNextColumn();
            ImGui.textUnformatted(l.activations() + " / " + l.maxActivations());
        }
        ImGui.endTable();
        UiProbe.mark("licenses.table");
    }

    private void redeem(Messages m) {
        ImGui.textUnformatted(m.get("licenses.redeem"));
        ImGui.setNextItemWidth(420);
        ImGui.inputTextWithHint("##licenses.key", "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX", key,
                ImGuiInputTextFlags.CharsUppercase);
        boolean enter = Inputs.enterPressed();
        UiProbe.mark("licenses.key");
        ImGui.sameLine();
        ImGui.beginDisabled(redeeming);
        boolean clicked = ImGui.button(m.get("licenses.redeem.button") + "##licenses.redeem");
        ImGui.endDisabled();
        UiProbe.mark("licenses.redeem");
        if ((clicked || enter) && !redeeming) {
            submitRedeem(m);
        }
        if (redeemError != null) {
            Theme.text(Theme.ERROR, redeemError);
            UiProbe.mark("licenses.redeemError");
        }
    }

    private void submitRedeem(Messages m) {
        // A typo is refused here: sending it would spend the account's wrong-key allowance on the server.
        Optional<String> canonical = LicenseKeyFormat.canonical(key.get());
        if (canonical.isEmpty()) {
            redeemError = m.get("licenses.redeem.invalid");
            return;
        }
        redeeming = true;
        redeemError = null;
        ui.tasks().run(() -> account.api().redeem(canonical.get()), license -> {
            redeeming = false;
            key.set("");
            ui.toasts().show(m.get("licenses.redeemed"), license.product() == null ? "" : license.product());
            reload();
        }, e -> {
            redeeming = false;
            redeemError = m.error(e);
        });
    }

    void reload() {
        list.load(ui.tasks(), ui.messages(), () -> account.api().licenses());
    }

    public List<LicenseInfo> items() {
        return list.value();
    }

    public String redeemError() {
        return redeemError;
    }

    public boolean redeeming() {
        return redeeming;
    }
}
