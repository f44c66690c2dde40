package dev.latchkey.client.ui;

import dev.latchkey.client.account.Account;
import dev.latchkey.plugins.license.LicenseStatus;
import imgui.ImGui;
import imgui.flag.ImGuiTabItemFlags;
import java.time.Duration;

/** After sign-in: who and where, the license state the host decided, and the tabs. */
public final class MainScreen {

    /** Tabs, in order; the id is also the ImGui id, stable across languages. */
    public enum Tab {
        LICENSES("tab.licenses"), DEVICES("tab.devices"), DOWNLOADS("tab.downloads"), PLUGINS("tab.plugins"),
        SETTINGS("tab.settings");

        final String key;

        Tab(String key) {
            this.key = key;
        }
    }

    private final ClientUi ui;
    private final Account account;
    private final LicensesTab licenses;
    private final DevicesTab devices;
    private final DownloadsTab downloads;
    private final PluginsTab plugins;
    private final SettingsTab settings;
    private Tab selected = Tab.LICENSES;
    private Tab requested;

    MainScreen(ClientUi ui, Account account) {
        this.ui = ui;
        this.account = account;
        this.licenses = new LicensesTab(ui, account);
        this.devices = new DevicesTab(ui, account);
        this.downloads = new DownloadsTab(ui, account);
        this.plugins = new PluginsTab(ui);
        this.settings = new SettingsTab(ui);
    }

    void process() {
        Messages m = ui.messages();
        Theme.text(Theme.ACCENT, m.get("app.title"));
        ImGui.sameLine();
        Theme.text(Theme.MUTED, m.get("main.signedInAs", account.username(), account.server()));
        ImGui.sameLine(ImGui.getWindowContentRegionMaxX() - 110);
        if (ImGui.button(m.get("main.signOut") + "##main.signOut", 110, 0)) {
            ui.signOut();
            return;
        }
        UiProbe.mark("main.signOut");
        licenseBanner(m);
        ImGui.separator();
        if (ImGui.beginTabBar("##main.tabs")) {
            for (Tab tab : Tab.values()) {
                int flags = tab == requested ? ImGuiTabItemFlags.SetSelected : ImGuiTabItemFlags.None;
                boolean open = ImGui.beginTabItem(m.get(tab.key) + "###tab." + tab.name(), flags);
                UiProbe.mark("tab." + tab.name());
                if (open) {
                    selected = tab;
                    ImGui.spacing();
                    switch (tab) {
                        case LICENSES -> licenses.process();
                        case DEVICES -> devices.process();
                        case DOWNLOADS -> downloads.process();
                        case PLUGINS -> plugins.process();
                        case SETTINGS -> settings.process();
                    }
                    ImGui.endTabItem();
                }
            }
            ImGui.endTabBar();
            requested = null;
        }
    }

    /** Brings {@code tab} to the front at the next frame. */
    public void show(Tab tab) {
        requested = tab;
    }

    private void licenseBanner(Messages m) {
        LicenseStatus status = ui.runtime().map(r -> r.status()).orElse(null);
        if (status == null) {
            Theme.text(Theme.MUTED, m.get("common.loading"));
        } else if (status.valid()) {
            Theme.text(Theme.SUCCESS, m.get("main.license.ok"));
            ImGui.sameLine();
            Theme.text(Theme.MUTED, m.get("main.license.grace", Durations.countdown(Duration.ofSeconds(status.secondsLeft()))));
        } else {
            Theme.text(Theme.WARNING, m.get("main.license.locked", status.code()));
        }
        UiProbe.mark("main.license");
    }

    /** The tab drawn last. */
    public Tab selected() {
        return selected;
    }

    public LicensesTab licenses() {
        return licenses;
    }

    public DevicesTab devices() {
        return devices;
    }

    public DownloadsTab downloads() {
        return downloads;
    }

    public PluginsTab plugins() {
        return plugins;
    }

    public SettingsTab settings() {
        return settings;
    }
}
