package dev.latchkey.protocol.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.protocol.lease.Ed25519Keys;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FileDigestSignatureTest {

    private final Ed25519PrivateKeyParameters key = Ed25519Keys.generate(new SecureRandom());
    private final Ed25519PublicKeyParameters publicKey = key.generatePublicKey();
    private final UUID fileId = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
    private final byte[] sha256 = Fixtures.bytes(32, 9);

    @Test
    @DisplayName("The signed message is \"latchkey-file-v1\" || file id (16 bytes) || SHA-256 (32 bytes)")
    void messageLayout() {
        byte[] message = FileDigestSignature.message(fileId, sha256);
        assertEquals(64, message.length);
        assertEquals(HexFormat.of().formatHex("latchkey-file-v1".getBytes(StandardCharsets.US_ASCII))
                + "00112233445566778899aabbccddeeff" + HexFormat.of().formatHex(sha256), HexBytes.of(message));
        assertThrows(IllegalArgumentException.class, () -> FileDigestSignature.message(fileId, new byte[31]));
    }

    @Test
    @DisplayName("A signature verifies for its file id and digest only")
    void verifyAndRefuse() {
        byte[] signature = FileDigestSignature.sign(key, fileId, sha256);
        assertEquals(FileDigestSignature.SIGNATURE_LENGTH, signature.length);
        assertTrue(FileDigestSignature.verify(publicKey, fileId, sha256, signature));
        assertFalse(FileDigestSignature.verify(publicKey, UUID.randomUUID(), sha256, signature));
        byte[] otherDigest = sha256.clone();
        otherDigest[31] ^= 1;
        assertFalse(FileDigestSignature.verify(publicKey, fileId, otherDigest, signature));
        Ed25519PublicKeyParameters otherKey = Ed25519Keys.generate(new SecureRandom()).generatePublicKey();
        assertFalse(FileDigestSignature.verify(otherKey, fileId, sha256, signature));
        for (int i = 0; i < signature.length; i += 7) {
            byte[] altered = signature.clone();
            altered[i] ^= 1;
            assertFalse(FileDigestSignature.verify(publicKey, fileId, sha256, altered), "byte " + i);
        }
        assertFalse(FileDigestSignature.verify(publicKey, fileId, sha256, Arrays.copyOf(signature, 63)));
        assertFalse(FileDigestSignature.verify(publicKey, fileId, sha256, null));
    }

    @Test
    @DisplayName("The JDK's own Ed25519 verifies the signature over the documented message (no BouncyCastle quirk)")
    void jdkAgrees() throws Exception {
        byte[] signature = FileDigestSignature.sign(key, fileId, sha256);
        // X.509 SubjectPublicKeyInfo for Ed25519: fixed 12-byte prefix, then the raw key.
        byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100" + HexBytes.of(publicKey.getEncoded()));
        PublicKey jdkKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(jdkKey);
        verifier.update(FileDigestSignature.message(fileId, sha256));
        assertTrue(verifier.verify(signature));
    }
}
