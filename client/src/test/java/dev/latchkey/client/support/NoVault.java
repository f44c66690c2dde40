package dev.latchkey.client.support;

import dev.latchkey.client.keychain.CredentialVault;
import java.util.Optional;

/** No keychain, as on a headless Linux machine without Secret Service. */
public final class NoVault implements CredentialVault {

    public static final String REASON = "No OS keychain is available on this system (test).";

    @Override
    public boolean available() {
        return false;
    }

    @Override
    public String unavailableReason() {
        return REASON;
    }

    @Override
    public boolean store(String server, String username, String secret) {
        return false;
    }

    @Override
    public Optional<String> load(String server, String username) {
        return Optional.empty();
    }

    @Override
    public void delete(String server, String username) {
    }
}
