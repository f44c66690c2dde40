package dev.latchkey.plugins.testing;

import dev.latchkey.plugins.api.Notifier;
import dev.latchkey.plugins.api.PluginLogger;
import dev.latchkey.plugins.host.PluginFailure;
import dev.latchkey.plugins.host.PluginObserver;
import dev.latchkey.plugins.license.LicenseStatus;
import java.util.ArrayList;
import java.util.List;

/** Collects what the host tells the client: logs, notifications, failures, license changes. */
public final class Recorder implements PluginLogger, Notifier, PluginObserver {

    public record Line(String plugin, System.Logger.Level level, String message) {
    }

    public record Notification(String plugin, String title, String text) {
    }

    public final List<Line> logs = new ArrayList<>();
    public final List<Notification> notifications = new ArrayList<>();
    public final List<PluginFailure> failures = new ArrayList<>();
    public final List<LicenseStatus> licenseChanges = new ArrayList<>();

    @Override
    public void log(String plugin, System.Logger.Level level, String message) {
        logs.add(new Line(plugin, level, message));
    }

    @Override
    public void notify(String plugin, String title, String text) {
        notifications.add(new Notification(plugin, title, text));
    }

    @Override
    public void pluginFailed(PluginFailure failure) {
        failures.add(failure);
    }

    @Override
    public void licenseChanged(LicenseStatus previous, LicenseStatus current) {
        licenseChanges.add(current);
    }

    public List<String> titles() {
        return notifications.stream().map(Notification::title).toList();
    }
}
