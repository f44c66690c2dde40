package dev.latchkey.client.keychain;

import java.util.Optional;

/**
 * Where "remember me" keeps the session: the OS keychain (Windows Credential Manager, macOS Keychain,
 * Secret Service on Linux). What is kept is the refresh token, never the password: it expires, it is
 * single use (a stolen copy that gets used ends the session for both), and signing out revokes it.
 */
public interface CredentialVault {

    /** Whether secrets can be stored; when false, "remember me" is off and {@link #unavailableReason} says why. */
    boolean available();

    /** A sentence for the user when {@link #available} is false. */
    String unavailableReason();

    /** Stores {@code secret} for the account; {@code false} if the keychain refused. */
    boolean store(String server, String username, String secret);

    Optional<String> load(String server, String username);

    void delete(String server, String username);

    /** The account name under which the secret is kept: one entry per server and user. */
    static String account(String server, String username) {
        return username + "@" + server;
    }
}
