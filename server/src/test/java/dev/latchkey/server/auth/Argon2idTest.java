package dev.latchkey.server.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class Argon2idTest {

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] bouncyCastle(byte[] password, byte[] salt, int m, int t, int p, int tag) {
        Argon2BytesGenerator gen = new Argon2BytesGenerator();
        gen.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(m).withIterations(t).withParallelism(p).withSalt(salt).build());
        byte[] out = new byte[tag];
        gen.generateBytes(password, out);
        return out;
    }

    @Test
    @DisplayName("RFC 9106's Argon2id test vector (secret and associated data included)")
    void rfcVector() {
        byte[] tag = Argon2id.hash(filled(32, 1), filled(16, 2), filled(8, 3), filled(12, 4), 32, 3, 4, 32);
        assertArrayEquals(HexFormat.of().parseHex("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"), tag);
    }

    @Test
    @DisplayName("Same tags as BouncyCastle for random passwords, salts, memory, passes, lanes and tag lengths, area reused")
    void matchesBouncyCastle() {
        Random random = new Random(9106);
        for (int i = 0; i < 60; i++) {
            int p = 1 + random.nextInt(4);
            int m = 8 * p + random.nextInt(300);
            int t = 1 + random.nextInt(3);
            int tag = 4 + random.nextInt(120);
            byte[] password = new byte[random.nextInt(40)];
            byte[] salt = new byte[8 + random.nextInt(24)];
            random.nextBytes(password);
            random.nextBytes(salt);
            int[] params = {m, t, p, tag};
            assertArrayEquals(bouncyCastle(password, salt, m, t, p, tag), Argon2id.hash(password, salt, m, t, p, tag),
                    () -> Arrays.toString(params));
        }
    }

    @Test
    @DisplayName("The shipped cost (m = 19 MiB, t = 2, p = 1) gives BouncyCastle's tag, twice on one thread")
    void shippedCost() {
        byte[] salt = filled(16, 7);
        byte[] expected = bouncyCastle("correct horse".getBytes(), salt, 19456, 2, 1, 32);
        assertArrayEquals(expected, Argon2id.hash("correct horse".getBytes(), salt, 19456, 2, 1, 32));
        assertArrayEquals(expected, Argon2id.hash("correct horse".getBytes(), salt, 19456, 2, 1, 32));
    }

    @Test
    @DisplayName("Parameters outside Argon2's ranges are refused")
    void refusesBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> Argon2id.hash(new byte[1], new byte[8], 7, 1, 1, 32));
        assertThrows(IllegalArgumentException.class, () -> Argon2id.hash(new byte[1], new byte[8], 64, 0, 1, 32));
        assertThrows(IllegalArgumentException.class, () -> Argon2id.hash(new byte[1], new byte[8], 64, 1, 0, 32));
        assertThrows(IllegalArgumentException.class, () -> Argon2id.hash(new byte[1], new byte[8], 64, 1, 1, 3));
    }
}
