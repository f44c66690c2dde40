package dev.latchkey.protocol.lease;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** Builds tokens with arbitrary header and payload text, correctly signed, to probe the verifier's claim checks. */
final class TokenForge {

    private TokenForge() {
    }

    static String sign(Ed25519PrivateKeyParameters key, String headerJson, String payloadJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(bytes, 0, bytes.length);
        return input + "." + b64.encodeToString(signer.generateSignature());
    }

    /** Replaces the character in the middle of part {@code index} (0, 1 or 2) with a different one. */
    static String tamper(String token, int index) {
        String[] parts = token.split("\\.", -1);
        String part = parts[index];
        int middle = part.length() / 2;
        char replacement = part.charAt(middle) == 'A' ? 'B' : 'A';
        parts[index] = part.substring(0, middle) + replacement + part.substring(middle + 1);
        return String.join(".", parts);
    }
}
