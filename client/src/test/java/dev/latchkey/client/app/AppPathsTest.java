package dev.latchkey.client.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AppPathsTest {

    private static final Path HOME = Path.of("/home/ann");

    @Test
    @DisplayName("Linux follows XDG: data in XDG_DATA_HOME, logs in XDG_STATE_HOME, cache in XDG_CACHE_HOME; relative values are ignored")
    void linux() {
        AppPaths p = AppPaths.resolve(Map.of("XDG_CACHE_HOME", "/var/cache/ann", "XDG_DATA_HOME", "relative/ignored"),
                "Linux", HOME, null);
        assertEquals(Path.of("/home/ann/.local/share/latchkey"), p.data());
        assertEquals(Path.of("/home/ann/.local/state/latchkey/logs"), p.logs());
        assertEquals(Path.of("/var/cache/ann/latchkey"), p.cache());
        assertEquals(Path.of("/home/ann/.local/share/latchkey/plugins"), p.plugins());
    }

    @Test
    @DisplayName("Windows keeps settings in %APPDATA% and logs and cache in %LOCALAPPDATA%")
    void windows() {
        AppPaths p = AppPaths.resolve(Map.of("APPDATA", "/C/Users/ann/AppData/Roaming", "LOCALAPPDATA", "/C/Users/ann/AppData/Local"),
                "Windows 11", HOME, null);
        assertEquals(Path.of("/C/Users/ann/AppData/Roaming/Latchkey"), p.data());
        assertEquals(Path.of("/C/Users/ann/AppData/Local/Latchkey/logs"), p.logs());
        assertEquals(Path.of("/C/Users/ann/AppData/Local/Latchkey/cache"), p.cache());
    }

    @Test
    @DisplayName("LATCHKEY_CLIENT_HOME, or the latchkey.client.home property before it, puts everything in one folder")
    void override() {
        assertEquals(Path.of("/opt/lk/logs"), AppPaths.resolve(Map.of(AppPaths.HOME_ENV, "/opt/lk"), "Linux", HOME, null).logs());
        assertEquals(Path.of("/p/cache"), AppPaths.resolve(Map.of(AppPaths.HOME_ENV, "/opt/lk"), "Linux", HOME, "/p").cache());
    }
}
