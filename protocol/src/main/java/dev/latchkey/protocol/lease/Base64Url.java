package dev.latchkey.protocol.lease;

import java.util.Base64;

/** Unpadded base64url, as JWS and JWK use it. */
final class Base64Url {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {
    }

    static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /** Decodes unpadded base64url; padding or characters outside the alphabet are refused. */
    static byte[] decode(String text) throws LeaseException {
        // JWS forbids padding; accepting it would give one token several spellings.
        if (text.indexOf('=') >= 0) {
            throw new LeaseException(LeaseException.Reason.MALFORMED, "base64url must not be padded");
        }
        try {
            return DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            throw new LeaseException(LeaseException.Reason.MALFORMED, "invalid base64url", e);
        }
    }
}
