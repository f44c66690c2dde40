package dev.latchkey.client.keychain;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.Keyring;
import com.github.javakeyring.PasswordAccessException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The OS keychain through java-keyring. Probed once at start; without a usable backend it reports why. */
public final class OsKeychain implements CredentialVault {

    private static final Logger LOG = Logger.getLogger(OsKeychain.class.getName());
    static final String SERVICE = "Latchkey";
    private static final String PROBE_ACCOUNT = "latchkey-probe";

    private final Keyring keyring;
    private final String reason;

    private OsKeychain(Keyring keyring, String reason) {
        this.keyring = keyring;
        this.reason = reason;
    }

    /**
     * Opens the keychain and proves it works with a write, read and delete of a throwaway entry: on Linux
     * a Secret Service backend can be "created" without a D-Bus session and fail on first use.
     */
    public static OsKeychain open() {
        Keyring k;
        try {
            k = Keyring.create();
        } catch (BackendNotSupportedException | RuntimeException | LinkageError e) {
            LOG.log(Level.INFO, "No OS keychain: " + e);
            return new OsKeychain(null, "No OS keychain is available on this system (" + describe(e) + ").");
        }
        try {
            k.setPassword(SERVICE, PROBE_ACCOUNT, "probe");
            boolean ok = "probe".equals(k.getPassword(SERVICE, PROBE_ACCOUNT));
            k.deletePassword(SERVICE, PROBE_ACCOUNT);
            if (!ok) {
                return new OsKeychain(null, "The OS keychain did not return what was stored.");
            }
            return new OsKeychain(k, null);
        } catch (PasswordAccessException | RuntimeException | LinkageError e) {
            LOG.log(Level.INFO, "OS keychain unusable: " + e);
            return new OsKeychain(null, "The OS keychain is locked or unreachable (" + describe(e) + ").");
        }
    }

    @Override
    public boolean available() {
        return keyring != null;
    }

    @Override
    public String unavailableReason() {
        return reason;
    }

    @Override
    public boolean store(String server, String username, String secret) {
        if (keyring == null) {
            return false;
        }
        try {
            keyring.setPassword(SERVICE, CredentialVault.account(server, username), secret);
            return true;
        } catch (PasswordAccessException | RuntimeException e) {
            LOG.log(Level.WARNING, "Could not store the session in the OS keychain: " + e.getClass().getSimpleName());
            return false;
        }
    }

    @Override
    public Optional<String> load(String server, String username) {
        if (keyring == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(keyring.getPassword(SERVICE, CredentialVault.account(server, username)));
        } catch (PasswordAccessException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(String server, String username) {
        if (keyring == null) {
            return;
        }
        try {
            keyring.deletePassword(SERVICE, CredentialVault.account(server, username));
        } catch (PasswordAccessException | RuntimeException e) {
            LOG.log(Level.FINE, "nothing to delete in the OS keychain", e);
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
