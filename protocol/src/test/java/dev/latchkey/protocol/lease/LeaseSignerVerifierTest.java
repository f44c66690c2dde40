package dev.latchkey.protocol.lease;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LeaseSignerVerifierTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Ed25519PrivateKeyParameters key = Ed25519Keys.generate(RANDOM);
    private final LeaseSigner signer = new LeaseSigner(key);
    private final LeaseVerifier verifier = LeaseVerifier.forRawKey(signer.publicKeyRaw());

    private static Lease sampleLease() {
        LeaseLicense pro = new LeaseLicense("6f1c2a9e-8a1b-4c1e-9d0f-0a1b2c3d4e5f", "editor", "active",
                Instant.parse("2031-01-01T00:00:00Z"), List.of("export", "pro"));
        LeaseLicense perpetual = new LeaseLicense("0d7e3c1a-2b4f-4e6a-8c9d-1e2f3a4b5c6d", "viewer", "active",
                null, List.of());
        return new Lease("8e2b1f7c-3d4a-4b5c-9e6f-7a8b9c0d1e2f", "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f",
                List.of(pro, perpetual), 1_700_000_000L, 1_700_001_800L);
    }

    @Test
    @DisplayName("A lease signed by the server verifies with the pinned raw key and keeps every claim")
    void roundTrip() throws Exception {
        Lease lease = sampleLease();
        assertEquals(lease, verifier.verify(signer.sign(lease)));
    }

    @Test
    @DisplayName("The header is {alg: EdDSA, typ: JWT} and the payload uses the wire field names")
    void wireShape() throws Exception {
        String[] parts = signer.sign(sampleLease()).split("\\.");
        Base64.Decoder b64 = Base64.getUrlDecoder();
        assertEquals("{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}", new String(b64.decode(parts[0]), StandardCharsets.UTF_8));
        Map<?, ?> payload = JsonMapper.builder().build().readValue(b64.decode(parts[1]), Map.class);
        assertEquals(List.of("sub", "did", "licenses", "iat", "exp"), List.copyOf(payload.keySet()));
        Map<?, ?> first = (Map<?, ?>) ((List<?>) payload.get("licenses")).get(0);
        assertEquals("2031-01-01T00:00:00Z", first.get("expires_at"));
        assertEquals(List.of("export", "pro"), first.get("features"));
    }

    @Test
    @DisplayName("The verifier accepts the key as a JWK, with or without kty")
    void jwkPinning() throws Exception {
        String token = signer.sign(sampleLease());
        String x = signer.publicJwk().get("x");
        LeaseVerifier full = LeaseVerifier.forJwk("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + x + "\"}");
        LeaseVerifier endpointShape = LeaseVerifier.forJwk("{\"alg\":\"EdDSA\",\"crv\":\"Ed25519\",\"x\":\"" + x + "\"}");
        assertEquals(sampleLease(), full.verify(token));
        assertEquals(sampleLease(), endpointShape.verify(token));
    }

    @Test
    @DisplayName("A lease signed by another key is refused as a bad signature")
    void otherKey() {
        String forged = new LeaseSigner(Ed25519Keys.generate(RANDOM)).sign(sampleLease());
        assertEquals(LeaseException.Reason.BAD_SIGNATURE,
                assertThrows(LeaseException.class, () -> verifier.verify(forged)).reason());
    }

    @Test
    @DisplayName("Changing a character of the payload or of the signature breaks the lease")
    void tampering() {
        String token = signer.sign(sampleLease());
        for (int part : new int[] {1, 2}) {
            String tampered = TokenForge.tamper(token, part);
            assertEquals(LeaseException.Reason.BAD_SIGNATURE,
                    assertThrows(LeaseException.class, () -> verifier.verify(tampered)).reason(), "part " + part);
        }
    }

    @Test
    @DisplayName("Headers naming none, HS256, a case variant of EdDSA or a crit extension are refused before any signature check")
    void hostileHeaders() {
        String payload = new String(LeaseJson.payload(sampleLease()), StandardCharsets.UTF_8);
        for (String header : List.of("{\"alg\":\"none\"}", "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{\"alg\":\"eddsa\"}",
                "{\"typ\":\"JWT\"}", "{\"alg\":\"EdDSA\",\"typ\":\"JOSE+JSON\"}", "{\"alg\":\"EdDSA\",\"crit\":[\"b64\"],\"b64\":false}")) {
            String token = TokenForge.sign(key, header, payload);
            assertEquals(LeaseException.Reason.UNSUPPORTED_HEADER,
                    assertThrows(LeaseException.class, () -> verifier.verify(token)).reason(), header);
        }
    }

    @Test
    @DisplayName("Malformed tokens are refused as malformed")
    void malformed() {
        String token = signer.sign(sampleLease());
        String[] parts = token.split("\\.");
        for (String bad : List.of("", "abc", parts[0] + "." + parts[1], token + ".x", token + "=",
                parts[0] + ".%%%." + parts[2], ".." , "a".repeat(LeaseVerifier.MAX_TOKEN_CHARS + 1))) {
            assertEquals(LeaseException.Reason.MALFORMED,
                    assertThrows(LeaseException.class, () -> verifier.verify(bad)).reason(), bad.length() > 80 ? "oversized" : bad);
        }
    }

    @Test
    @DisplayName("Correctly signed but malformed claims are refused: duplicates, missing exp, exp before iat, wrong types")
    void badClaims() {
        String header = "{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}";
        List<String> payloads = List.of(
                "{\"sub\":\"u\",\"did\":\"d\",\"licenses\":[],\"iat\":10,\"exp\":20,\"exp\":99999}",
                "{\"sub\":\"u\",\"did\":\"d\",\"licenses\":[],\"iat\":10}",
                "{\"sub\":\"u\",\"did\":\"d\",\"licenses\":[],\"iat\":10,\"exp\":10}",
                "{\"sub\":\"u\",\"did\":\"d\",\"licenses\":{},\"iat\":10,\"exp\":20}",
                "{\"sub\":\"u\",\"did\":\"d\",\"licenses\":[],\"iat\":\"10\",\"exp\":20}",
                "{\"sub\":\"u\",\"did\":\"d\",\"licenses\":[],\"iat\":10.5,\"exp\":20}",
                "{\"sub\":\"\",\"did\":\"d\",\"licenses\":[],\"iat\":10,\"exp\":20}",
                "{\"sub\":\"u\",\"did\":\"d\",\"licenses\":[{\"id\":\"l\",\"product\":\"p\",\"status\":\"active\",\"expires_at\":\"tomorrow\"}],\"iat\":10,\"exp\":20}",
                "{\"sub\":\"u\",\"did\":\"d\",\"licenses\":[{\"id\":\"l\",\"product\":\"p\",\"status\":\"active\",\"features\":[1]}],\"iat\":10,\"exp\":20}",
                "{\"sub\":\"u\",\"did\":\"d\",\"licenses\":[],\"iat\":10,\"exp\":20} {}",
                "[1,2]");
        for (String payload : payloads) {
            String token = TokenForge.sign(key, header, payload);
            assertEquals(LeaseException.Reason.INVALID_CLAIMS,
                    assertThrows(LeaseException.class, () -> verifier.verify(token)).reason(), payload);
        }
    }

    @Test
    @DisplayName("Leases from other implementations verify: the server may omit typ and use +00:00 offsets")
    void lenientWhereHarmless() throws Exception {
        String payload = "{\"sub\":\"u\",\"did\":\"d\",\"licenses\":[{\"id\":\"l\",\"product\":\"p\",\"status\":\"active\","
                + "\"expires_at\":\"2030-06-01T12:00:00+00:00\",\"kid\":\"ignored\"}],\"iat\":10,\"exp\":20}";
        Lease lease = verifier.verify(TokenForge.sign(key, "{\"alg\":\"EdDSA\",\"kid\":\"k1\"}", payload));
        assertEquals(Instant.parse("2030-06-01T12:00:00Z"), lease.licenses().get(0).expiresAt());
        assertEquals(List.of(), lease.licenses().get(0).features());
    }

    @Test
    @DisplayName("A PKCS#8 key made by the JDK signs leases that the JDK's own Ed25519 verifies")
    void interoperatesWithJdk() throws Exception {
        KeyPair jdk = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        LeaseSigner fromJdkKey = LeaseSigner.fromPkcs8(jdk.getPrivate().getEncoded());
        String token = fromJdkKey.sign(sampleLease());
        int lastDot = token.lastIndexOf('.');
        Signature check = Signature.getInstance("Ed25519");
        check.initVerify(jdk.getPublic());
        check.update(token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
        assertTrue(check.verify(Base64.getUrlDecoder().decode(token.substring(lastDot + 1))));
        byte[] jdkEncoded = jdk.getPublic().getEncoded();
        byte[] rawFromJdk = java.util.Arrays.copyOfRange(jdkEncoded, jdkEncoded.length - 32, jdkEncoded.length);
        assertArrayEquals(rawFromJdk, fromJdkKey.publicKeyRaw());
    }

    @Test
    @DisplayName("A generated key survives a PKCS#8 round trip and keeps its public key")
    void pkcs8RoundTrip() {
        byte[] der = Ed25519Keys.toPkcs8(key);
        assertArrayEquals(signer.publicKeyRaw(), LeaseSigner.fromPkcs8(der).publicKeyRaw());
        assertThrows(IllegalArgumentException.class, () -> LeaseSigner.fromPkcs8(new byte[] {1, 2, 3}));
    }

    @Test
    @DisplayName("Pinned keys are checked: wrong length, wrong curve, a private d, or a bad x are configuration errors")
    void pinnedKeyChecks() {
        String x = signer.publicJwk().get("x");
        assertThrows(IllegalArgumentException.class, () -> LeaseVerifier.forRawKey(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> LeaseVerifier.forJwk("{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":\"" + x + "\"}"));
        assertThrows(IllegalArgumentException.class, () -> LeaseVerifier.forJwk("{\"kty\":\"EC\",\"crv\":\"Ed25519\",\"x\":\"" + x + "\"}"));
        assertThrows(IllegalArgumentException.class, () -> LeaseVerifier.forJwk("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + x + "\",\"d\":\"" + x + "\"}"));
        assertThrows(IllegalArgumentException.class, () -> LeaseVerifier.forJwk("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AAAA\"}"));
        assertThrows(IllegalArgumentException.class, () -> LeaseVerifier.forJwk("not json"));
    }
}
