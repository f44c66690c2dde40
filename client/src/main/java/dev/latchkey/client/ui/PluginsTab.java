package dev.latchkey.client.ui;

import dev.latchkey.client.plugins.PluginConsole;
import dev.latchkey.client.plugins.PluginEntry;
import dev.latchkey.client.plugins.PluginRuntime;
import imgui.ImGui;
import imgui.flag.ImGuiTableFlags;
import java.util.List;
import java.util.Set;

/** Installed plugins (built-in and the user's), their enabled state, and the console of what they print. */
public final class PluginsTab {

    private static final long REFRESH_NANOS = 1_000_000_000L;

    private final ClientUi ui;
    private List<PluginEntry> entries = List.of();
    private long lastRefresh;
    private boolean refreshing;
    private long consoleSeen;

    PluginsTab(ClientUi ui) {
        this.ui = ui;
    }

    void process() {
        Messages m = ui.messages();
        PluginRuntime runtime = ui.runtime().orElse(null);
        if (runtime == null) {
            Theme.text(Theme.MUTED, m.get("common.loading"));
            return;
        }
        refresh(runtime);
        Theme.text(Theme.MUTED, m.get("plugins.folder", runtime.pluginsDir()));
        table(m, runtime);
        if (entries.stream().noneMatch(e -> !e.builtin())) {
            Theme.text(Theme.MUTED, m.get("plugins.none"));
        }
        ImGui.spacing();
        ImGui.textUnformatted(m.get("plugins.console"));
        ImGui.sameLine();
        if (ImGui.smallButton(m.get("plugins.clear") + "##plugins.clear")) {
            ui.console().clear();
        }
        consoleView();
    }

    /** Entries are read on the plugin thread about once a second; the frame draws the last answer. */
    private void refresh(PluginRuntime runtime) {
        long now = System.nanoTime();
        if (refreshing || now - lastRefresh < REFRESH_NANOS) {
            return;
        }
        refreshing = true;
        lastRefresh = now;
        Set<String> disabled = ui.context().settings().get().disabledPlugins();
        runtime.entries(disabled).whenComplete((list, error) -> ui.inbox().post(() -> {
            refreshing = false;
            if (list != null) {
                entries = list;
            }
        }));
    }

    private void table(Messages m, PluginRuntime runtime) {
        int flags = ImGuiTableFlags.Borders | ImGuiTableFlags.RowBg | ImGuiTableFlags.SizingStretchProp;
        if (!ImGui.beginTable("##plugins.table", 4, flags)) {
            return;
        }
        ImGui.tableSetupColumn(m.get("plugins.name"));
        ImGui.tableSetupColumn(m.get("plugins.kind"));
        ImGui.tableSetupColumn(m.get("plugins.enabled"));
        ImGui.tableSetupColumn(m.get("plugins.state"));
        ImGui.tableHeadersRow();
        for (PluginEntry e : entries) {
            ImGui.pushID(e.name());
            ImGui.tableNextRow();
            ImGui.tableNextColumn();
            ImGui.textUnformatted(e.name());
            ImGui.tableNextColumn();
            ImGui.textUnformatted(m.get(e.builtin() ? "plugins.builtin" : "plugins.user"));
            ImGui.tableNextColumn();
            // Built-ins cannot be switched off: the heartbeat is what keeps the license alive.
            ImGui.beginDisabled(e.builtin());
            if (ImGui.checkbox("##enabled", e.enabled())) {
                toggle(runtime, e);
            }
            ImGui.endDisabled();
            UiProbe.mark("plugins.enabled." + e.name());
            ImGui.tableNextColumn();
            if (e.failure() != null) {
                Theme.text(Theme.ERROR, e.state() + ": " + e.failure().reason());
            } else {
                ImGui.textUnformatted(e.state() == null ? m.get("plugins.notLoaded") : e.state().name());
            }
            ImGui.popID();
        }
        ImGui.endTable();
    }

    private void toggle(PluginRuntime runtime, PluginEntry e) {
        boolean enable = !e.enabled();
        ui.context().background().io().execute(() -> {
            ui.context().settings().update(s -> s.withPluginEnabled(e.name(), enable));
            if (enable) {
                runtime.loadUser(e.name());
            } else {
                runtime.unload(e.name());
            }
        });
        lastRefresh = 0;
    }

    private void consoleView() {
        ImGui.beginChild("##plugins.console", 0, 0, true);
        for (PluginConsole.Line line : ui.console().snapshot()) {
            float[] color = switch (line.level()) {
                case ERROR -> Theme.ERROR;
                case WARNING -> Theme.WARNING;
                case DEBUG, TRACE -> Theme.MUTED;
                default -> null;
            };
            String text = line.time().toString().substring(11, 19) + "  [" + line.plugin() + "] " + line.message();
            if (color == null) {
                ImGui.textUnformatted(text);
            } else {
                Theme.text(color, text);
            }
        }
        long total = ui.console().total();
        if (total != consoleSeen) {
            consoleSeen = total;
            ImGui.setScrollHereY(1f);
        }
        ImGui.endChild();
    }

    public List<PluginEntry> entries() {
        return entries;
    }
}
