package dev.latchkey.client.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where the client keeps its files, per the platform's conventions. {@code LATCHKEY_CLIENT_HOME}
 * (environment) or {@code latchkey.client.home} (system property) puts everything under one folder,
 * which is how tests and portable installs run.
 *
 * @param data      settings, pinned server keys, the lease checkpoint
 * @param logs      rotating log files and crash reports
 * @param cache     downloaded containers (ciphertext only)
 * @param plugins   user Lua plugins ({@code *.lua})
 * @param pluginStore the plugins' key-value stores
 */
public record AppPaths(Path data, Path logs, Path cache, Path plugins, Path pluginStore) {

    public static final String HOME_ENV = "LATCHKEY_CLIENT_HOME";
    public static final String HOME_PROPERTY = "latchkey.client.home";

    /** All folders under one root. */
    public static AppPaths under(Path root) {
        return new AppPaths(root, root.resolve("logs"), root.resolve("cache"), root.resolve("plugins"),
                root.resolve("plugin-store"));
    }

    /** The folders for this user on this OS. */
    public static AppPaths forCurrentUser() {
        return resolve(System.getenv(), System.getProperty("os.name", ""), Path.of(System.getProperty("user.home", ".")),
                System.getProperty(HOME_PROPERTY));
    }

    static AppPaths resolve(Map<String, String> env, String osName, Path userHome, String homeProperty) {
        String override = homeProperty != null && !homeProperty.isBlank() ? homeProperty : env.get(HOME_ENV);
        if (override != null && !override.isBlank()) {
            return under(Path.of(override));
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            Path roaming = pathOr(env.get("APPDATA"), userHome.resolve("AppData").resolve("Roaming"));
            Path local = pathOr(env.get("LOCALAPPDATA"), userHome.resolve("AppData").resolve("Local"));
            Path data = roaming.resolve("Latchkey");
            return new AppPaths(data, local.resolve("Latchkey").resolve("logs"), local.resolve("Latchkey").resolve("cache"),
                    data.resolve("plugins"), data.resolve("plugin-store"));
        }
        if (os.startsWith("mac")) {
            Path data = userHome.resolve("Library/Application Support/Latchkey");
            return new AppPaths(data, userHome.resolve("Library/Logs/Latchkey"), userHome.resolve("Library/Caches/Latchkey"),
                    data.resolve("plugins"), data.resolve("plugin-store"));
        }
        Path data = pathOr(env.get("XDG_DATA_HOME"), userHome.resolve(".local/share")).resolve("latchkey");
        Path state = pathOr(env.get("XDG_STATE_HOME"), userHome.resolve(".local/state")).resolve("latchkey");
        Path cache = pathOr(env.get("XDG_CACHE_HOME"), userHome.resolve(".cache")).resolve("latchkey");
        return new AppPaths(data, state.resolve("logs"), cache, data.resolve("plugins"), data.resolve("plugin-store"));
    }

    /** Creates the folders that do not exist yet. */
    public AppPaths create() throws IOException {
        for (Path p : new Path[] {data, logs, cache, plugins, pluginStore}) {
            Files.createDirectories(p);
        }
        return this;
    }

    public Path settingsFile() {
        return data.resolve("settings.json");
    }

    public Path leaseCheckpointFile() {
        return data.resolve("lease-checkpoint.json");
    }

    private static Path pathOr(String value, Path fallback) {
        // XDG says relative values are invalid and must be ignored.
        return value == null || value.isBlank() || !Path.of(value).isAbsolute() ? fallback : Path.of(value);
    }
}
