package dev.latchkey.plugins.host;

import dev.latchkey.plugins.sandbox.ScriptRejectedException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A plugin's name, script and capabilities. User plugins are created with {@link #user} and hold no
 * capabilities; only {@link BuiltinPlugins}, after checking a signature, can create one that does.
 */
public final class PluginSource {

    // Names become file names (the plugin's store) and log categories: keep them to a dull alphabet.
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    private final String name;
    private final byte[] script;
    private final Set<Capability> capabilities;
    private final boolean builtin;

    private PluginSource(String name, byte[] script, Set<Capability> capabilities, boolean builtin) {
        this.name = name;
        this.script = script.clone();
        this.capabilities = Collections.unmodifiableSet(capabilities.isEmpty()
                ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(capabilities));
        this.builtin = builtin;
    }

    /** An unsigned plugin written by a user: the common API only, and no say in license validity. */
    public static PluginSource user(String name, byte[] script) throws ScriptRejectedException {
        checkName(name);
        if (BuiltinPlugins.names().contains(name)) {
            throw new ScriptRejectedException("plugin name '" + name + "' is reserved for a built-in plugin");
        }
        return new PluginSource(name, script, Set.of(), false);
    }

    /** Package-private: only {@link BuiltinPlugins} creates sources with capabilities, after verification. */
    static PluginSource verifiedBuiltin(String name, byte[] script, Set<Capability> capabilities)
            throws ScriptRejectedException {
        checkName(name);
        return new PluginSource(name, script, capabilities, true);
    }

    public String name() {
        return name;
    }

    public byte[] script() {
        return script.clone();
    }

    public Set<Capability> capabilities() {
        return capabilities;
    }

    public boolean builtin() {
        return builtin;
    }

    private static void checkName(String name) throws ScriptRejectedException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ScriptRejectedException("plugin names are 1-64 characters of a-z, 0-9, _ and -, starting with a letter");
        }
    }
}
