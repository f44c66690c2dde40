package dev.latchkey.protocol.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The worked example of docs/container.md, recomputed. The expected values were produced by a separate
 * implementation (Python's {@code cryptography}), and the test checks the document still shows them.
 */
class WorkedExampleTest {

    private static final HexFormat HEX = HexFormat.of();

    private static final Dek DEK = Dek.fromBytes(HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
    private static final UUID FILE_ID = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
    private static final byte[] PREFIX = HEX.parseHex("a0a1a2a3a4a5a6");
    private static final byte[] PLAINTEXT = "licensed file bytes!".getBytes(StandardCharsets.US_ASCII);

    static final String HEADER = "4c4b43310000001000112233445566778899aabbccddeeffa0a1a2a3a4a5a6";
    static final String RECORD_0 = "66b87fccf82720594c45adecfc203412 bcba1a51d7c03ebf023ebb371affe6f5";
    static final String RECORD_1 = "9d63b3c8 e3d9f0308b91b1913a61da40805d0f4b";
    static final String CONTAINER = HEADER + RECORD_0.replace(" ", "") + RECORD_1.replace(" ", "");
    static final String EMPTY_TAG = "88914a5029eb1908f48c7f5df5c6fb3d";
    static final String SHA256 = "6596f3af72e1f6996a5050c1c2f0fa76f36d8625e667975970a2a56eb4ddafb0";
    static final String TOKEN = "example-access-token";
    static final UUID USER_ID = UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    static final String USER_KEY = "1de894113bd05bd16d14cf02377a406200a6e73edff3c974a8b00627d490d368";
    static final String WRAPPED_KEY = "sLGys7S1tre4ubq7wVveK/8ZJFaEgcAA+Q2cVxV9SoaLZ9mqnMpvbq18g17M5EOBTqXpya1GizsSHNz3";
    static final String MASTER_KEY = "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f";
    static final String AT_REST = "c0c1c2c3c4c5c6c7c8c9cacb5f4532cd7e9f3bec7cb02e3da7aeacc28fe44c42ca3b381fe4aa297734676459464630fe7676fe1c9c9c167c5ae9ccba";
    static final String SIGNING_SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    static final String PUBLIC_KEY = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    static final String MESSAGE = "6c617463686b65792d66696c652d763100112233445566778899aabbccddeeff" + SHA256;
    static final String SIGNATURE = "45667a28c4d600b8f4ae24df1558a56f7f5eb9625c3d38c8c3a51f56ac62b62d"
            + "019070951a16825fd32f223b73f12a8fc87b72c3bfad10ce2c2b3a738ff2200e";

    private static ContainerHeader header() {
        return new ContainerHeader(16, FILE_ID, PREFIX);
    }

    /** The example container, as Java produces it from the example inputs. */
    static byte[] exampleContainer() {
        return Containers.encrypt(PLAINTEXT, new ContainerWriter(DEK, header()));
    }

    @Test
    @DisplayName("The container of the worked example is reproduced byte for byte and decrypts")
    void containerBytes() throws Exception {
        assertEquals(HEADER, HEX.formatHex(header().encoded()));
        assertEquals(CONTAINER, HEX.formatHex(exampleContainer()));
        assertEquals(83, exampleContainer().length);
        assertArrayEquals(PLAINTEXT, Containers.decryptAll(HEX.parseHex(CONTAINER), DEK, FILE_ID));
        ContainerWriter writer = new ContainerWriter(DEK, header());
        writer.write(PLAINTEXT);
        assertEquals(SHA256, writer.finish().summary().sha256Hex());
    }

    @Test
    @DisplayName("The empty-file container is the header and one tag")
    void emptyFile() throws Exception {
        byte[] empty = Containers.encrypt(new byte[0], new ContainerWriter(DEK, header()));
        assertEquals(HEADER + EMPTY_TAG, HEX.formatHex(empty));
        assertEquals(0, Containers.decryptAll(empty, DEK, FILE_ID).length);
    }

    @Test
    @DisplayName("The per-user key, its wrapping and the at-rest wrapping match the example")
    void wrapping() throws Exception {
        assertEquals(USER_KEY, HEX.formatHex(UserKeyWrap.userKeyBytes(TOKEN, USER_ID)));
        String wrapped = UserKeyWrap.wrap(DEK, TOKEN, USER_ID, FILE_ID, HEX.parseHex("b0b1b2b3b4b5b6b7b8b9babb"));
        assertEquals(WRAPPED_KEY, wrapped);
        assertArrayEquals(DEK.bytes(), UserKeyWrap.unwrap(WRAPPED_KEY, TOKEN, USER_ID, FILE_ID).bytes());
        MasterKey master = MasterKey.fromBytes(HEX.parseHex(MASTER_KEY));
        assertEquals(AT_REST, HEX.formatHex(MasterKeyWrap.wrap(master, DEK, FILE_ID, HEX.parseHex("c0c1c2c3c4c5c6c7c8c9cacb"))));
        assertArrayEquals(DEK.bytes(), MasterKeyWrap.unwrap(master, HEX.parseHex(AT_REST), FILE_ID).bytes());
    }

    @Test
    @DisplayName("The signed message and the Ed25519 signature (RFC 8032 test key 1) match the example")
    void signature() {
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(HEX.parseHex(SIGNING_SEED), 0);
        assertEquals(PUBLIC_KEY, HEX.formatHex(key.generatePublicKey().getEncoded()));
        assertEquals(MESSAGE, HEX.formatHex(FileDigestSignature.message(FILE_ID, HEX.parseHex(SHA256))));
        assertEquals(SIGNATURE, HEX.formatHex(FileDigestSignature.sign(key, FILE_ID, HEX.parseHex(SHA256))));
    }

    @Test
    @DisplayName("docs/container.md shows exactly these values")
    void documentShowsTheValues() throws Exception {
        String doc = Files.readString(Fixtures.repoFile("docs/container.md"));
        for (String value : List.of(HEADER, RECORD_0, RECORD_1, CONTAINER, EMPTY_TAG, SHA256, USER_KEY, WRAPPED_KEY,
                MASTER_KEY, AT_REST, SIGNING_SEED, PUBLIC_KEY, MESSAGE, SIGNATURE, TOKEN, USER_ID.toString())) {
            assertTrue(doc.contains(value), "docs/container.md lacks " + value);
        }
    }
}
