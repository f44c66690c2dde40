package dev.latchkey.client.ui;

import dev.latchkey.client.account.Account;
import dev.latchkey.client.downloads.DecryptedFile;
import dev.latchkey.client.downloads.Downloads;
import dev.latchkey.client.downloads.Launcher;
import dev.latchkey.client.downloads.MemoryJar;
import dev.latchkey.client.http.ApiException;
import dev.latchkey.client.http.FileInfo;
import dev.latchkey.plugins.sandbox.ScriptRejectedException;
import java.io.IOException;
import imgui.ImGui;
import imgui.flag.ImGuiHoveredFlags;
import imgui.flag.ImGuiTableFlags;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Files the licenses allow: download (progress, speed, cancel, resume), verify, launch. The container is
 * cached as ciphertext; verifying and launching decrypt in memory with a freshly wrapped key each time.
 */
public final class DownloadsTab {

    private static final Logger LOG = Logger.getLogger(DownloadsTab.class.getName());

    private final ClientUi ui;
    private final Downloads downloads;
    private final Loadable<List<FileInfo>> list = new Loadable<>();
    private final Map<String, FileTask> tasks = new HashMap<>();

    DownloadsTab(ClientUi ui, Account account) {
        this.ui = ui;
        this.downloads = new Downloads(account, ui.context().paths().cache());
    }

    void process() {
        Messages m = ui.messages();
        if (!list.loadedOnce()) {
            reload();
        }
        if (ImGui.button(m.get("common.refresh") + "##downloads.refresh")) {
            reload();
        }
        if (list.loading()) {
            ImGui.sameLine();
            Theme.text(Theme.MUTED, m.get("common.loading"));
        }
        if (list.error() != null) {
            Theme.text(Theme.ERROR, list.error());
        }
        List<FileInfo> files = list.value();
        if (files != null && files.isEmpty()) {
            Theme.text(Theme.MUTED, m.get("downloads.empty"));
        } else if (files != null) {
            table(m, files);
        }
    }

    private void table(Messages m, List<FileInfo> files) {
        int flags = ImGuiTableFlags.Borders | ImGuiTableFlags.RowBg | ImGuiTableFlags.SizingStretchProp;
        if (!ImGui.beginTable("##downloads.table", 4, flags)) {
            return;
        }
        ImGui.tableSetupColumn(m.get("downloads.file"));
        ImGui.tableSetupColumn(m.get("downloads.size"));
        ImGui.tableSetupColumn(m.get("downloads.state"));
        ImGui.tableSetupColumn("");
        ImGui.tableHeadersRow();
        for (FileInfo f : files) {
            FileTask t = tasks.computeIfAbsent(f.id(), k -> new FileTask());
            ImGui.pushID(f.id());
            ImGui.tableNextRow();
            ImGui.tableNextColumn();
            ImGui.textUnformatted(f.name() + "  " + f.version());
            if (!"stable".equals(f.channel())) {
                ImGui.sameLine();
                Theme.text(Theme.WARNING, f.channel());
            }
            ImGui.tableNextColumn();
            ImGui.textUnformatted(Sizes.bytes(f.size()));
            ImGui.tableNextColumn();
            state(m, f, t);
            ImGui.tableNextColumn();
            actions(m, f, t);
            ImGui.popID();
        }
        ImGui.endTable();
    }

    private void state(Messages m, FileInfo f, FileTask t) {
        switch (t.status) {
            case DOWNLOADING -> {
                float fraction = t.progress == null ? 0f : t.progress.fraction();
                String speed = t.progress == null ? "" : Sizes.bytes((long) t.progress.bytesPerSecond()) + "/s";
                ImGui.progressBar(fraction, -1, 0, Math.round(fraction * 100) + "%  " + speed);
                UiProbe.mark("downloads.progress." + f.id());
            }
            case VERIFYING -> Theme.text(Theme.MUTED, m.get("downloads.verifying"));
            case VERIFIED, LAUNCHED -> {
                Theme.text(Theme.SUCCESS, m.get(t.status == FileTask.Status.VERIFIED ? "downloads.verified" : "downloads.launched"));
                if (ImGui.isItemHovered()) {
                    ImGui.setTooltip("SHA-256 " + t.sha256);
                }
            }
            case FAILED -> Theme.text(Theme.ERROR, t.message);
            default -> {
                if (t.complete) {
                    Theme.text(Theme.MUTED, m.get("downloads.cached"));
                } else if (t.partialBytes > 0) {
                    Theme.text(Theme.MUTED, m.get("downloads.partial", Sizes.bytes(t.partialBytes)));
                } else {
                    Theme.text(Theme.MUTED, "-");
                }
            }
        }
        UiProbe.mark("downloads.state." + f.id());
    }

    private void actions(Messages m, FileInfo f, FileTask t) {
        if (t.status == FileTask.Status.DOWNLOADING) {
            if (ImGui.smallButton(m.get("common.cancel") + "##cancel")) {
                t.cancel.set(true);
            }
            UiProbe.mark("downloads.cancel." + f.id());
            return;
        }
        ImGui.beginDisabled(t.busy());
        if (!t.complete) {
            if (ImGui.smallButton(m.get(t.partialBytes > 0 ? "downloads.resume" : "downloads.download") + "##download")) {
                download(m, f, t);
            }
            UiProbe.mark("downloads.download." + f.id());
            ImGui.sameLine();
        }
        if (ImGui.smallButton(m.get("downloads.verify") + "##verify")) {
            open(m, f, t, false);
        }
        UiProbe.mark("downloads.verify." + f.id());
        ImGui.sameLine();
        boolean launchable = Launcher.kindOf(f.name()) != Launcher.Kind.OTHER;
        ImGui.beginDisabled(!launchable);
        if (ImGui.smallButton(m.get("downloads.launch") + "##launch")) {
            open(m, f, t, true);
        }
        ImGui.endDisabled();
        if (!launchable && ImGui.isItemHovered(ImGuiHoveredFlags.AllowWhenDisabled)) {
            ImGui.setTooltip(m.get("downloads.notLaunchable"));
        }
        UiProbe.mark("downloads.launch." + f.id());
        ImGui.endDisabled();
    }

    private void download(Messages m, FileInfo f, FileTask t) {
        t.status = FileTask.Status.DOWNLOADING;
        t.cancel = new AtomicBoolean();
        t.progress = null;
        AtomicBoolean cancel = t.cancel;
        ui.tasks().run(() -> {
            downloads.ensureContainer(f, p -> ui.inbox().post(() -> t.progress = p), cancel);
            return downloads.cacheState(f);
        }, state -> {
            t.status = FileTask.Status.IDLE;
            t.complete = state.complete();
            t.partialBytes = state.partialBytes();
        }, e -> fail(m, f, t, e));
    }

    /** Decrypts and verifies in memory (downloading first if needed), then launches when asked. */
    private void open(Messages m, FileInfo f, FileTask t, boolean launch) {
        t.status = t.complete ? FileTask.Status.VERIFYING : FileTask.Status.DOWNLOADING;
        t.cancel = new AtomicBoolean();
        AtomicBoolean cancel = t.cancel;
        ui.tasks().run(() -> {
            DecryptedFile file = downloads.open(f, p -> ui.inbox().post(() -> {
                t.progress = p;
                if (p.received() >= p.total()) {
                    t.status = FileTask.Status.VERIFYING;
                }
            }), cancel);
            String sha = file.sha256();
            if (launch) {
                launch(file);
            } else {
                file.wipe();
            }
            return sha;
        }, sha -> {
            t.status = launch ? FileTask.Status.LAUNCHED : FileTask.Status.VERIFIED;
            t.sha256 = sha;
            t.complete = true;
        }, e -> fail(m, f, t, e));
    }

    /** Background thread: starts the program and returns; its plaintext stays in memory only. */
    private void launch(DecryptedFile file) throws ApiException {
        try {
            switch (Launcher.kindOf(file.info().name())) {
                case JAR -> {
                    MemoryJar jar = Launcher.jar(file);
                    file.wipe();
                    Thread app = new Thread(() -> {
                        try {
                            jar.runMain(new String[0], DownloadsTab.class.getClassLoader());
                        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                            LOG.log(Level.WARNING, "launched program " + file.info().name() + " failed", e);
                            ui.inbox().post(() -> ui.toasts().show(file.info().name(), String.valueOf(e)));
                        }
                    }, "latchkey-app-" + file.info().id());
                    app.start();
                }
                case LUA -> {
                    var source = Launcher.lua(file);
                    file.wipe();
                    var runtime = ui.runtime().orElseThrow(() -> new ApiException("NOT_READY", 0, "the plugin host is starting", 0));
                    runtime.load(source);
                }
                default -> throw new ApiException("NOT_LAUNCHABLE", 0, "only .jar and .lua files can be launched", 0);
            }
        } catch (IOException | ScriptRejectedException e) {
            file.wipe();
            throw new ApiException("NOT_LAUNCHABLE", 0, e.getMessage(), 0);
        }
    }

    private void fail(Messages m, FileInfo f, FileTask t, ApiException e) {
        t.status = Downloads.CANCELLED.equals(e.code()) ? FileTask.Status.IDLE : FileTask.Status.FAILED;
        t.message = m.error(e);
        FileTask refreshed = t;
        ui.tasks().run(() -> downloads.cacheState(f), s -> {
            refreshed.complete = s.complete();
            refreshed.partialBytes = s.partialBytes();
        }, ignored -> { });
    }

    void reload() {
        list.load(ui.tasks(), ui.messages(), () -> {
            List<FileInfo> files = downloads.available();
            Map<String, Downloads.CacheState> states = new HashMap<>();
            files.forEach(f -> states.put(f.id(), downloads.cacheState(f)));
            ui.inbox().post(() -> states.forEach((id, s) -> {
                FileTask t = tasks.computeIfAbsent(id, k -> new FileTask());
                if (!t.busy()) {
                    t.complete = s.complete();
                    t.partialBytes = s.partialBytes();
                }
            }));
            return files;
        });
    }

    public List<FileInfo> files() {
        return list.value();
    }

    /** The task of file {@code id} (created on first use). */
    public FileTask task(String id) {
        return tasks.computeIfAbsent(id, k -> new FileTask());
    }
}
