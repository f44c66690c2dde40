package dev.latchkey.client.account;

import dev.latchkey.client.app.AppPaths;
import dev.latchkey.client.app.Background;
import dev.latchkey.client.app.SettingsStore;
import dev.latchkey.client.hwid.HardwareId;
import dev.latchkey.client.hwid.HardwareProbe;
import dev.latchkey.client.keychain.CredentialVault;
import java.net.http.HttpClient;
import java.time.Clock;

/**
 * What the whole process shares: folders, settings, the one HTTP client, the worker threads, the
 * keychain and the hardware probe. Built once by {@code Main} (or a test) and handed down.
 */
public final class ClientContext implements AutoCloseable {

    private final AppPaths paths;
    private final SettingsStore settings;
    private final HttpClient http;
    private final Background background;
    private final CredentialVault vault;
    private final HardwareProbe probe;
    private final Clock clock;
    private volatile HardwareId hardwareId;

    public ClientContext(AppPaths paths, SettingsStore settings, HttpClient http, Background background,
            CredentialVault vault, HardwareProbe probe, Clock clock) {
        this.paths = paths;
        this.settings = settings;
        this.http = http;
        this.background = background;
        this.vault = vault;
        this.probe = probe;
        this.clock = clock;
    }

    public AppPaths paths() {
        return paths;
    }

    public SettingsStore settings() {
        return settings;
    }

    public HttpClient http() {
        return http;
    }

    public Background background() {
        return background;
    }

    public CredentialVault vault() {
        return vault;
    }

    public Clock clock() {
        return clock;
    }

    /** This machine's fingerprint, read once (OSHI takes about a second) and then kept. Blocking. */
    public HardwareId hardwareId() {
        HardwareId id = hardwareId;
        if (id == null) {
            synchronized (this) {
                id = hardwareId;
                if (id == null) {
                    id = HardwareId.fromRaw(probe.read());
                    hardwareId = id;
                }
            }
        }
        return id;
    }

    @Override
    public void close() {
        background.close();
    }
}
