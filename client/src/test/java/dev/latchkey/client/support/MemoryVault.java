package dev.latchkey.client.support;

import dev.latchkey.client.keychain.CredentialVault;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A keychain held in memory, for tests on machines without an OS keychain (CI has no Secret Service). */
public final class MemoryVault implements CredentialVault {

    public final Map<String, String> entries = new ConcurrentHashMap<>();

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public String unavailableReason() {
        return null;
    }

    @Override
    public boolean store(String server, String username, String secret) {
        entries.put(CredentialVault.account(server, username), secret);
        return true;
    }

    @Override
    public Optional<String> load(String server, String username) {
        return Optional.ofNullable(entries.get(CredentialVault.account(server, username)));
    }

    @Override
    public void delete(String server, String username) {
        entries.remove(CredentialVault.account(server, username));
    }
}
