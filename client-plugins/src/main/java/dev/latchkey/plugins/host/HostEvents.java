package dev.latchkey.plugins.host;

import dev.latchkey.plugins.api.LuaSnapshots;
import dev.latchkey.plugins.license.HeartbeatOutcome;
import dev.latchkey.plugins.license.LeaseGuard;
import dev.latchkey.plugins.license.LicenseStatus;
import java.util.ArrayDeque;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Events waiting for delivery to all plugins, and the license view they were last told about.
 * Events raised during a callback are queued, never delivered inside it, so callbacks never nest.
 */
final class HostEvents {

    record Event(String name, Varargs args) {
    }

    private final ArrayDeque<Event> queue = new ArrayDeque<>();
    private final LeaseGuard guard;
    private final PluginObserver observer;
    private LicenseStatus announced;

    HostEvents(LeaseGuard guard, PluginObserver observer) {
        this.guard = guard;
        this.observer = observer;
        this.announced = guard.status();
    }

    void heartbeat(HeartbeatOutcome outcome) {
        queue.add(new Event("on_heartbeat", LuaSnapshots.heartbeat(outcome)));
        checkLicense();
    }

    /** Queues {@code on_license_change} (and tells the client) if validity, code or licenses changed. */
    void checkLicense() {
        LicenseStatus current = guard.status();
        if (current.sameGrantAs(announced)) {
            return;
        }
        LicenseStatus previous = announced;
        announced = current;
        observer.licenseChanged(previous, current);
        queue.add(new Event("on_license_change",
                LuaValue.varargsOf(LuaSnapshots.license(previous), LuaSnapshots.license(current))));
    }

    Event poll() {
        return queue.poll();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }
}
