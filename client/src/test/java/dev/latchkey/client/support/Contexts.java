package dev.latchkey.client.support;

import dev.latchkey.client.account.ClientContext;
import dev.latchkey.client.app.AppPaths;
import dev.latchkey.client.app.Background;
import dev.latchkey.client.app.SettingsStore;
import dev.latchkey.client.http.ApiTransport;
import dev.latchkey.client.hwid.HardwareProbe;
import dev.latchkey.client.keychain.CredentialVault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** Client contexts for tests: a fresh home folder under target/, a fixed fingerprint per "machine". */
public final class Contexts {

    private Contexts() {
    }

    /** Raw values of a made-up machine named {@code seed} (five components, all distinct per seed). */
    public static HardwareProbe machine(String seed) {
        return () -> {
            Map<String, String> raw = new LinkedHashMap<>();
            for (String c : new String[] {"cpu", "board", "system", "disk", "machine"}) {
                raw.put(c, seed + "-" + c + "-serial");
            }
            return raw;
        };
    }

    public static Path home(String name) {
        try {
            Path target = Path.of(System.getProperty("latchkey.test.target", "target"));
            return Files.createTempDirectory(Files.createDirectories(target.resolve("test-homes")), name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ClientContext create(Path home, CredentialVault vault, HardwareProbe probe) {
        try {
            AppPaths paths = AppPaths.under(home).create();
            return new ClientContext(paths, new SettingsStore(paths.settingsFile()), ApiTransport.newHttpClient(),
                    new Background(4), vault, probe, Clock.systemUTC());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
