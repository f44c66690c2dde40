package dev.latchkey.plugins.api;

import dev.latchkey.plugins.license.HeartbeatOutcome;
import dev.latchkey.plugins.license.HeartbeatReply;
import dev.latchkey.plugins.license.LeaseGuard;
import dev.latchkey.plugins.license.LicenseStatus;
import dev.latchkey.plugins.sandbox.ReadOnlyTable;
import dev.latchkey.protocol.lease.LeaseLicense;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * Host state copied into read-only Lua tables. Copies, never Java objects: a coerced Java object would
 * give scripts {@code getClass()} and from there all of reflection.
 */
public final class LuaSnapshots {

    private LuaSnapshots() {
    }

    /** {@code {valid, code, seconds_left, licenses = {{id, product, status, expires_at, features}}}}. */
    public static ReadOnlyTable license(LicenseStatus status) {
        LuaTable t = new LuaTable();
        t.set("valid", LuaValue.valueOf(status.valid()));
        t.set("code", status.code());
        t.set("seconds_left", LuaValue.valueOf((double) status.secondsLeft()));
        LuaTable licenses = new LuaTable();
        int i = 1;
        for (LeaseLicense license : status.licenses()) {
            licenses.set(i++, license(license));
        }
        t.set("licenses", ReadOnlyTable.copyOf(licenses));
        return ReadOnlyTable.copyOf(t);
    }

    /**
     * The result of {@code lk.heartbeat()} and the argument of {@code on_heartbeat}:
     * {@code {ok, valid, code, next_heartbeat_in, license_expiry, error, license}}. {@code ok} is true when
     * the server answered with a usable reply (a refusal is a usable reply).
     */
    public static ReadOnlyTable heartbeat(HeartbeatOutcome outcome) {
        LuaTable t = new LuaTable();
        boolean ok = outcome.answered() && outcome.verdict() != LeaseGuard.Verdict.BAD_LEASE;
        t.set("ok", LuaValue.valueOf(ok));
        HeartbeatReply reply = outcome.reply();
        if (ok) {
            t.set("valid", LuaValue.valueOf(outcome.verdict() == LeaseGuard.Verdict.ACCEPTED));
            setIfPresent(t, "code", reply.code());
            setIfPresent(t, "license_expiry", reply.licenseExpiry());
            if (reply.nextHeartbeatIn() > 0) {
                t.set("next_heartbeat_in", LuaValue.valueOf((double) reply.nextHeartbeatIn()));
            }
        }
        setIfPresent(t, "error", outcome.error());
        t.set("license", license(outcome.status()));
        return ReadOnlyTable.copyOf(t);
    }

    private static ReadOnlyTable license(LeaseLicense license) {
        LuaTable t = new LuaTable();
        t.set("id", license.id());
        t.set("product", license.product());
        t.set("status", license.status());
        if (license.expiresAt() != null) {
            t.set("expires_at", DateTimeFormatter.ISO_INSTANT.format(license.expiresAt()));
        }
        t.set("features", strings(license.features()));
        return ReadOnlyTable.copyOf(t);
    }

    private static ReadOnlyTable strings(List<String> values) {
        LuaTable t = new LuaTable();
        int i = 1;
        for (String value : values) {
            t.set(i++, LuaValue.valueOf(value));
        }
        return ReadOnlyTable.copyOf(t);
    }

    private static void setIfPresent(LuaTable t, String key, String value) {
        if (value != null) {
            t.set(key, value);
        }
    }
}
