package dev.latchkey.plugins.api;

/** Where {@code lk.log} and {@code print} go. The client may show these in a plugin console. */
@FunctionalInterface
public interface PluginLogger {

    void log(String plugin, System.Logger.Level level, String message);

    /** Logs through {@link System#getLogger}, one logger per plugin. */
    static PluginLogger system() {
        return (plugin, level, message) -> System.getLogger("latchkey.plugin." + plugin).log(level, message);
    }
}
