package dev.latchkey.protocol.lease;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;

/** Ed25519 key formats used by Latchkey: raw 32-byte keys, PKCS#8 private keys, and OKP JWKs. */
public final class Ed25519Keys {

    /** Length of a raw Ed25519 public key or private seed. */
    public static final int KEY_BYTES = 32;

    private Ed25519Keys() {
    }

    /** A public key from its raw 32 bytes; refuses other lengths and points not on the curve. */
    public static Ed25519PublicKeyParameters publicKey(byte[] raw) {
        if (raw == null || raw.length != KEY_BYTES) {
            throw new IllegalArgumentException("an Ed25519 public key is exactly 32 bytes");
        }
        try {
            return new Ed25519PublicKeyParameters(raw, 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid Ed25519 public key", e);
        }
    }

    /**
     * A public key from a JWK such as {@code {"kty":"OKP","crv":"Ed25519","x":"..."}}.
     * {@code kty} and {@code alg} may be absent (the server's signing-key endpoint omits {@code kty}),
     * but when present they must be {@code OKP} and {@code EdDSA}.
     */
    public static Ed25519PublicKeyParameters publicKeyFromJwk(String json) {
        JsonNode jwk;
        try {
            jwk = LeaseJson.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("the JWK is not valid JSON", e);
        }
        if (jwk == null || !jwk.isObject()) {
            throw new IllegalArgumentException("the JWK must be a JSON object");
        }
        requireIfPresent(jwk, "kty", "OKP");
        requireIfPresent(jwk, "alg", "EdDSA");
        if (!"Ed25519".equals(jwk.path("crv").asText(null))) {
            throw new IllegalArgumentException("the JWK must have crv Ed25519");
        }
        // A pinned key carrying "d" means the private key was pasted into client configuration.
        if (jwk.has("d")) {
            throw new IllegalArgumentException("the JWK contains a private key; pin only the public part");
        }
        JsonNode x = jwk.get("x");
        if (x == null || !x.isTextual()) {
            throw new IllegalArgumentException("the JWK has no x");
        }
        try {
            return publicKey(Base64Url.decode(x.asText()));
        } catch (LeaseException e) {
            throw new IllegalArgumentException("the JWK's x is not base64url", e);
        }
    }

    /** The public JWK for a key: {@code kty}, {@code crv}, {@code alg}, {@code x}, in that order. */
    public static Map<String, String> publicJwk(Ed25519PublicKeyParameters key) {
        Map<String, String> jwk = new LinkedHashMap<>();
        jwk.put("kty", "OKP");
        jwk.put("crv", "Ed25519");
        jwk.put("alg", "EdDSA");
        jwk.put("x", Base64Url.encode(key.getEncoded()));
        return jwk;
    }

    /** A private key from PKCS#8 DER (the form of {@code LATCHKEY_SIGNING_KEY} once base64-decoded). */
    public static Ed25519PrivateKeyParameters privateKeyFromPkcs8(byte[] der) {
        AsymmetricKeyParameter key;
        try {
            key = PrivateKeyFactory.createKey(der);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a PKCS#8 private key", e);
        }
        if (!(key instanceof Ed25519PrivateKeyParameters ed)) {
            throw new IllegalArgumentException("the PKCS#8 key is not an Ed25519 key");
        }
        return ed;
    }

    /** A fresh private key from {@code random}. */
    public static Ed25519PrivateKeyParameters generate(SecureRandom random) {
        return new Ed25519PrivateKeyParameters(random);
    }

    /** PKCS#8 DER encoding of a private key, for storing it as {@code LATCHKEY_SIGNING_KEY}. */
    public static byte[] toPkcs8(Ed25519PrivateKeyParameters key) {
        try {
            return PrivateKeyInfoFactory.createPrivateKeyInfo(key).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("PKCS#8 encoding failed", e);
        }
    }

    private static void requireIfPresent(JsonNode jwk, String field, String expected) {
        JsonNode value = jwk.get(field);
        if (value != null && !expected.equals(value.asText(null))) {
            throw new IllegalArgumentException("the JWK's " + field + " must be " + expected);
        }
    }
}
