package dev.latchkey.client.account;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.latchkey.client.app.SettingsStore;
import dev.latchkey.client.http.ApiException;
import dev.latchkey.client.http.Json;
import dev.latchkey.client.http.LatchkeyApi;
import dev.latchkey.protocol.lease.Ed25519Keys;
import dev.latchkey.protocol.lease.LeaseVerifier;
import java.net.URI;
import java.util.Locale;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * Trust on first use for the server's lease signing key. The first sign-in to a server pins its JWK;
 * later sign-ins refuse a different key. Without the pin, whoever answers for the server (a proxy, a
 * DNS hijack) could sign leases of its own and unlock licenses offline.
 */
public final class SigningKeyPins {

    /** The code shown when a server presents another key than the pinned one. */
    public static final String KEY_CHANGED = "SIGNING_KEY_CHANGED";

    private final SettingsStore settings;

    public SigningKeyPins(SettingsStore settings) {
        this.settings = settings;
    }

    /** The pinned key: verifies leases and the signed digests of downloaded files. */
    public record PinnedKey(LeaseVerifier leaseVerifier, Ed25519PublicKeyParameters publicKey) {
    }

    /** Fetches the server's key, pins it if new, and answers the pinned key. */
    public PinnedKey pinnedFor(LatchkeyApi api) throws ApiException {
        String origin = origin(api.server());
        String offered = api.signingKeyJwk();
        String pinned = settings.get().pinnedKeys().get(origin);
        if (pinned == null) {
            PinnedKey key = parse(offered);
            settings.update(s -> s.withPinnedKey(origin, offered));
            return key;
        }
        if (!sameKey(pinned, offered)) {
            throw new ApiException(KEY_CHANGED, 0, "the server's signing key differs from the one pinned at first sign-in; "
                    + "if the operator rotated it, remove the pin for " + origin + " in settings.json", 0);
        }
        return parse(pinned);
    }

    static String origin(URI server) {
        int port = server.getPort();
        String scheme = server.getScheme().toLowerCase(Locale.ROOT);
        if (port < 0) {
            port = "https".equals(scheme) ? 443 : 80;
        }
        return scheme + "://" + server.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static boolean sameKey(String a, String b) {
        try {
            String x = Json.parse(a).path("x").asText();
            return !x.isEmpty() && x.equals(Json.parse(b).path("x").asText());
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static PinnedKey parse(String jwk) throws ApiException {
        try {
            Ed25519PublicKeyParameters key = Ed25519Keys.publicKeyFromJwk(jwk);
            return new PinnedKey(new LeaseVerifier(key), key);
        } catch (RuntimeException e) {
            throw ApiException.badResponse(200, "the server's signing key is not a valid Ed25519 JWK");
        }
    }
}
