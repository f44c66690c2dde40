package dev.latchkey.client.app;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the client remembers between runs, in {@code settings.json}. No secret lives here: the
 * remembered session is in the OS keychain, and the pinned keys are public keys.
 *
 * @param serverUrl        last server signed in to
 * @param username         last username (shown pre-filled)
 * @param language         {@code en} or {@code ko}
 * @param rememberMe       whether the session is kept in the keychain
 * @param pinnedKeys       server origin -> the JWK of its lease signing key, pinned at first sign-in
 * @param disabledPlugins  names of user plugins the user switched off
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Settings(
        @JsonProperty("server_url") String serverUrl,
        @JsonProperty("username") String username,
        @JsonProperty("language") String language,
        @JsonProperty("remember_me") boolean rememberMe,
        @JsonProperty("pinned_keys") Map<String, String> pinnedKeys,
        @JsonProperty("disabled_plugins") Set<String> disabledPlugins) {

    public static final String DEFAULT_SERVER = "http://localhost:8080";

    public Settings {
        serverUrl = serverUrl == null || serverUrl.isBlank() ? DEFAULT_SERVER : serverUrl;
        username = username == null ? "" : username;
        language = "ko".equals(language) ? "ko" : "en";
        pinnedKeys = pinnedKeys == null ? Map.of() : Map.copyOf(pinnedKeys);
        disabledPlugins = disabledPlugins == null ? Set.of() : Set.copyOf(disabledPlugins);
    }

    public static Settings defaults() {
        return new Settings(null, null, null, false, null, null);
    }

    public Settings withLogin(String server, String user, boolean remember) {
        return new Settings(server, user, language, remember, pinnedKeys, disabledPlugins);
    }

    public Settings withLanguage(String lang) {
        return new Settings(serverUrl, username, lang, rememberMe, pinnedKeys, disabledPlugins);
    }

    public Settings withRememberMe(boolean remember) {
        return new Settings(serverUrl, username, language, remember, pinnedKeys, disabledPlugins);
    }

    public Settings withPinnedKey(String origin, String jwk) {
        Map<String, String> keys = new TreeMap<>(pinnedKeys);
        keys.put(origin, jwk);
        return new Settings(serverUrl, username, language, rememberMe, keys, disabledPlugins);
    }

    public Settings withPluginEnabled(String plugin, boolean enabled) {
        Set<String> disabled = new TreeSet<>(disabledPlugins);
        if (enabled) {
            disabled.remove(plugin);
        } else {
            disabled.add(plugin);
        }
        return new Settings(serverUrl, username, language, rememberMe, pinnedKeys, disabled);
    }
}
