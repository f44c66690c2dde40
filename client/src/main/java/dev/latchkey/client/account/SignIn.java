package dev.latchkey.client.account;

import dev.latchkey.client.app.Settings;
import dev.latchkey.client.http.ApiException;
import dev.latchkey.client.http.LatchkeyApi;
import dev.latchkey.client.hwid.HardwareId;
import dev.latchkey.client.keychain.CredentialVault;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Signing in and out: fingerprint, pinned signing key, session, keychain. Blocking: the UI calls it on
 * a background executor, the CLI directly.
 */
public final class SignIn {

    private static final Logger LOG = Logger.getLogger(SignIn.class.getName());

    /** Client-side refusals, shown like server codes. */
    public static final String BAD_SERVER_URL = "BAD_SERVER_URL";
    public static final String NO_HARDWARE_ID = "NO_HARDWARE_ID";

    private final ClientContext context;
    private final SigningKeyPins pins;

    public SignIn(ClientContext context) {
        this.context = context;
        this.pins = new SigningKeyPins(context.settings());
    }

    /**
     * Signs in, binding this device. The password array is wiped before returning.
     *
     * @param remember keep the session (its refresh token) in the OS keychain; ignored without one
     */
    public Account login(String serverUrl, String username, char[] password, boolean remember) throws ApiException {
        try {
            URI server = parseServer(serverUrl);
            HardwareId hwid = context.hardwareId();
            if (hwid.isEmpty()) {
                throw new ApiException(NO_HARDWARE_ID, 0, "no hardware identifier could be read on this machine", 0);
            }
            LatchkeyApi api = new LatchkeyApi(context.http(), server, context.clock());
            SigningKeyPins.PinnedKey verifier = pins.pinnedFor(api);
            api.login(username.strip(), password, hwid.components(), DeviceNames.local());
            Account account = new Account(server.toString(), username.strip(), api, verifier);
            keep(account, remember && context.vault().available());
            LOG.info("Signed in to " + server + " as " + account.username());
            return account;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** Resumes the remembered session of the last account, if "remember me" was on and the keychain has it. */
    public Optional<Account> resume() throws ApiException {
        Settings s = context.settings().get();
        if (!s.rememberMe() || s.username().isBlank() || !context.vault().available()) {
            return Optional.empty();
        }
        Optional<String> refresh = context.vault().load(s.serverUrl(), s.username());
        if (refresh.isEmpty()) {
            return Optional.empty();
        }
        URI server = parseServer(s.serverUrl());
        LatchkeyApi api = new LatchkeyApi(context.http(), server, context.clock());
        SigningKeyPins.PinnedKey verifier = pins.pinnedFor(api);
        try {
            api.resume(refresh.get());
        } catch (ApiException e) {
            if (e.endsSession() || e.status() == 400) {
                // Expired or already spent: forget it, the user signs in with the password.
                context.vault().delete(s.serverUrl(), s.username());
                return Optional.empty();
            }
            throw e;
        }
        Account account = new Account(server.toString(), s.username(), api, verifier);
        keep(account, true);
        return Optional.of(account);
    }

    /** Signs out on the server and forgets the remembered session. */
    public void logout(Account account) throws ApiException {
        context.vault().delete(account.server(), account.username());
        account.api().logout();
        LOG.info("Signed out of " + account.server());
    }

    /** The server's URL, checked: http or https, a host, nothing after the path. */
    public static URI parseServer(String text) throws ApiException {
        String t = text == null ? "" : text.strip();
        try {
            URI u = new URI(t);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null
                    || u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null) {
                throw new URISyntaxException(t, "not an http(s) server address");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new ApiException(BAD_SERVER_URL, 0, "the server address must look like https://licenses.example.com", 0);
        }
    }

    /** Whether tokens to {@code server} would cross the network unencrypted. */
    public static boolean plaintextOverNetwork(URI server) {
        String host = server.getHost() == null ? "" : server.getHost().toLowerCase(Locale.ROOT);
        boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
        return "http".equalsIgnoreCase(server.getScheme()) && !loopback;
    }

    private void keep(Account account, boolean remember) {
        CredentialVault vault = context.vault();
        context.settings().update(s -> s.withLogin(account.server(), account.username(), remember));
        if (!remember) {
            vault.delete(account.server(), account.username());
            return;
        }
        // Refresh tokens are single use: the keychain must always hold the newest one.
        var current = account.api().session().current();
        if (current != null) {
            vault.store(account.server(), account.username(), current.refreshToken());
        }
        account.api().session().onTokens(t -> vault.store(account.server(), account.username(), t.refreshToken()));
    }
}
