package dev.latchkey.server.licensing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 of a canonical license key under the server's license key secret: what the database stores. */
public final class LicenseKeyHasher {

    private final SecretKeySpec key;

    public LicenseKeyHasher(byte[] secret) {
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    public byte[] hash(String canonicalKey) {
        try {
            // Why keyed: a leaked table then cannot be brute-forced or matched against guessed keys offline.
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(canonicalKey.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }
}
