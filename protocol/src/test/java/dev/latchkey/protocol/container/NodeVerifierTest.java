package dev.latchkey.protocol.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.protocol.lease.Ed25519Keys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs scripts/verify-container.mjs, an independent implementation written from docs/container.md with Node's
 * built-in crypto, on containers made by the Java code. Node is required on every machine of this workplace,
 * so a missing {@code node} fails the test instead of skipping it.
 */
class NodeVerifierTest {

    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJub2RlIn0.c2lnbmF0dXJl";

    @TempDir
    Path dir;

    private final Dek dek = Dek.generate();
    private final UUID userId = UUID.randomUUID();
    private final UUID fileId = UUID.randomUUID();

    private record Run(int exitCode, String stdout, String stderr) {
    }

    private Run node(String token, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", Fixtures.repoFile("scripts/verify-container.mjs").toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        // The token goes through the environment, as the script recommends, not the command line.
        builder.environment().put("LATCHKEY_ACCESS_TOKEN", token);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("node is required for the independent container check but could not be run", e);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("verify-container.mjs did not finish within 60 s");
        }
        return new Run(process.exitValue(), Files.readString(out).trim(), Files.readString(err).trim());
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path path = dir.resolve(name);
        Files.write(path, bytes);
        return path;
    }

    @Test
    @DisplayName("Node decrypts a multi-segment container with the wrapped key and agrees on digest and signature")
    void multiSegment() throws Exception {
        byte[] plaintext = Fixtures.bytes(3 * ContainerFormat.DEFAULT_SEGMENT_SIZE + 4321, 77);
        ContainerWriter writer = ContainerWriter.create(dek, fileId);
        byte[] container = ContainerRoundTripTest.concat(writer.write(plaintext), writer.finish().tail());
        Path file = write("file.lkc", container);
        String wrapped = UserKeyWrap.wrap(dek, TOKEN, userId, fileId);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(plaintext));

        Ed25519PrivateKeyParameters signingKey = Ed25519Keys.generate(new SecureRandom());
        String signature = Base64.getEncoder().encodeToString(
                FileDigestSignature.sign(signingKey, fileId, HexFormat.of().parseHex(expected)));
        String x = Ed25519Keys.publicJwk(signingKey.generatePublicKey()).get("x");

        Run run = node(TOKEN, "--container", file.toString(), "--wrapped-key", wrapped,
                "--user-id", userId.toString(), "--file-id", fileId.toString(), "--signature", signature, "--public-key", x);
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(expected, run.stdout());

        String forOtherFile = Base64.getEncoder().encodeToString(
                FileDigestSignature.sign(signingKey, UUID.randomUUID(), HexFormat.of().parseHex(expected)));
        Run replayed = node(TOKEN, "--container", file.toString(), "--wrapped-key", wrapped,
                "--user-id", userId.toString(), "--file-id", fileId.toString(), "--signature", forOtherFile, "--public-key", x);
        assertEquals(1, replayed.exitCode());
        assertEquals("", replayed.stdout());
    }

    @Test
    @DisplayName("Node refuses a tampered container, a truncated one, and a key wrapped for another token")
    void refusals() throws Exception {
        byte[] plaintext = Fixtures.bytes(2 * ContainerFormat.DEFAULT_SEGMENT_SIZE + 5, 78);
        byte[] container = Containers.encrypt(plaintext, dek, fileId);
        String wrapped = UserKeyWrap.wrap(dek, TOKEN, userId, fileId);
        String[] common = {"--wrapped-key", wrapped, "--user-id", userId.toString(), "--file-id", fileId.toString()};

        byte[] flipped = container.clone();
        flipped[ContainerFormat.HEADER_LENGTH + ContainerFormat.DEFAULT_SEGMENT_SIZE + 100] ^= 1;
        byte[] truncated = Arrays.copyOf(container, container.length - 21);
        for (byte[] bad : new byte[][] {flipped, truncated}) {
            Run run = node(TOKEN, concat(new String[] {"--container", write("bad.lkc", bad).toString()}, common));
            assertEquals(1, run.exitCode());
            assertEquals("", run.stdout());
            assertTrue(run.stderr().contains("segment"), run.stderr());
        }
        Run otherToken = node(TOKEN + "x", concat(new String[] {"--container", write("ok.lkc", container).toString()}, common));
        assertEquals(1, otherToken.exitCode());
        assertTrue(otherToken.stderr().contains("wrapped key"), otherToken.stderr());
    }

    @Test
    @DisplayName("Node reproduces the digest of the documented worked example")
    void workedExample() throws Exception {
        Path file = write("example.lkc", WorkedExampleTest.exampleContainer());
        Run run = node(WorkedExampleTest.TOKEN, "--container", file.toString(), "--wrapped-key",
                WorkedExampleTest.WRAPPED_KEY, "--user-id", WorkedExampleTest.USER_ID.toString(),
                "--file-id", "00112233-4455-6677-8899-aabbccddeeff");
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(WorkedExampleTest.SHA256, run.stdout());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
