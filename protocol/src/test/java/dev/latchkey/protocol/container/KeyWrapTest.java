package dev.latchkey.protocol.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KeyWrapTest {

    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib2IifQ.c2lnbmF0dXJl";

    private final Dek dek = Dek.generate();
    private final UUID userId = UUID.randomUUID();
    private final UUID fileId = UUID.randomUUID();

    @Test
    @DisplayName("DEKs are 32 random bytes and never show in toString")
    void dekGeneration() {
        Dek other = Dek.generate();
        assertEquals(Dek.LENGTH, dek.bytes().length);
        assertNotEquals(HexBytes.of(dek.bytes()), HexBytes.of(other.bytes()));
        assertFalse(dek.toString().contains(HexBytes.of(dek.bytes())));
        assertEquals("Dek[redacted]", dek.toString());
        assertThrows(IllegalArgumentException.class, () -> Dek.fromBytes(new byte[31]));
    }

    @Test
    @DisplayName("A user-wrapped key opens with the same token, user id and file id")
    void userWrapRoundTrip() throws Exception {
        String wrapped = UserKeyWrap.wrap(dek, TOKEN, userId, fileId);
        assertEquals(80, wrapped.length());
        assertEquals(UserKeyWrap.WRAPPED_LENGTH, Base64.getDecoder().decode(wrapped).length);
        assertArrayEquals(dek.bytes(), UserKeyWrap.unwrap(wrapped, TOKEN, userId, fileId).bytes());
        assertNotEquals(wrapped, UserKeyWrap.wrap(dek, TOKEN, userId, fileId), "fresh nonce per wrap");
    }

    @Test
    @DisplayName("A user-wrapped key does not open with another token, user id or file id")
    void userWrapRefusesOthers() {
        String wrapped = UserKeyWrap.wrap(dek, TOKEN, userId, fileId);
        assertThrows(KeyUnwrapException.class, () -> UserKeyWrap.unwrap(wrapped, TOKEN + "x", userId, fileId));
        assertThrows(KeyUnwrapException.class, () -> UserKeyWrap.unwrap(wrapped, "another-token", userId, fileId));
        assertThrows(KeyUnwrapException.class, () -> UserKeyWrap.unwrap(wrapped, TOKEN, UUID.randomUUID(), fileId));
        assertThrows(KeyUnwrapException.class, () -> UserKeyWrap.unwrap(wrapped, TOKEN, userId, UUID.randomUUID()));
    }

    @Test
    @DisplayName("Altered, shortened or non-base64 wrapped keys are refused")
    void userWrapRefusesDamage() {
        byte[] box = Base64.getDecoder().decode(UserKeyWrap.wrap(dek, TOKEN, userId, fileId));
        for (int i = 0; i < box.length; i++) {
            byte[] altered = box.clone();
            altered[i] ^= 1;
            String text = Base64.getEncoder().encodeToString(altered);
            assertThrows(KeyUnwrapException.class, () -> UserKeyWrap.unwrap(text, TOKEN, userId, fileId), "byte " + i);
        }
        String shortened = Base64.getEncoder().encodeToString(Arrays.copyOf(box, box.length - 1));
        assertThrows(KeyUnwrapException.class, () -> UserKeyWrap.unwrap(shortened, TOKEN, userId, fileId));
        assertThrows(KeyUnwrapException.class, () -> UserKeyWrap.unwrap("not base64!", TOKEN, userId, fileId));
    }

    @Test
    @DisplayName("The user key depends on the user id as salt: two users with one token get different keys")
    void userKeyDerivation() {
        byte[] a = UserKeyWrap.userKeyBytes(TOKEN, userId);
        assertEquals(32, a.length);
        assertArrayEquals(a, UserKeyWrap.userKeyBytes(TOKEN, userId));
        assertNotEquals(HexBytes.of(a), HexBytes.of(UserKeyWrap.userKeyBytes(TOKEN, UUID.randomUUID())));
        assertThrows(IllegalArgumentException.class, () -> UserKeyWrap.userKeyBytes("", userId));
    }

    @Test
    @DisplayName("At rest, the wrapped DEK opens only with its master key and its file id")
    void masterWrap() throws Exception {
        MasterKey master = MasterKey.generate();
        byte[] wrapped = MasterKeyWrap.wrap(master, dek, fileId);
        assertEquals(MasterKeyWrap.WRAPPED_LENGTH, wrapped.length);
        assertArrayEquals(dek.bytes(), MasterKeyWrap.unwrap(master, wrapped, fileId).bytes());
        assertThrows(KeyUnwrapException.class, () -> MasterKeyWrap.unwrap(MasterKey.generate(), wrapped, fileId));
        assertThrows(KeyUnwrapException.class, () -> MasterKeyWrap.unwrap(master, wrapped, UUID.randomUUID()));
        byte[] altered = wrapped.clone();
        altered[20] ^= 1;
        assertThrows(KeyUnwrapException.class, () -> MasterKeyWrap.unwrap(master, altered, fileId));
        assertThrows(KeyUnwrapException.class,
                () -> MasterKeyWrap.unwrap(master, Arrays.copyOf(wrapped, 59), fileId));
    }

    @Test
    @DisplayName("Rotation re-wraps the same DEK under the new master key; the old key no longer opens it")
    void masterRotation() throws Exception {
        MasterKey oldKey = MasterKey.generate();
        MasterKey newKey = MasterKey.generate();
        byte[] rewrapped = MasterKeyWrap.rewrap(oldKey, newKey, MasterKeyWrap.wrap(oldKey, dek, fileId), fileId);
        assertArrayEquals(dek.bytes(), MasterKeyWrap.unwrap(newKey, rewrapped, fileId).bytes());
        assertThrows(KeyUnwrapException.class, () -> MasterKeyWrap.unwrap(oldKey, rewrapped, fileId));
    }

    @Test
    @DisplayName("An at-rest blob is not a per-user blob: the AADs differ even under one key")
    void atRestAndUserAadsDiffer() {
        assertNotEquals(HexBytes.of(MasterKeyWrap.aad(fileId)), HexBytes.of(UserKeyWrap.aad(fileId)));
        assertEquals(fileId.toString(), new String(UserKeyWrap.aad(fileId), StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("Master keys must be exactly 32 bytes; the message never shows key bytes")
    void masterKeyValidation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MasterKey.fromBytes(new byte[16]));
        assertEquals("the master key must be exactly 32 bytes, got 16", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MasterKey.fromBytes(null));
        MasterKey key = MasterKey.fromBytes(new byte[32]);
        assertArrayEquals(new byte[32], key.toBytes());
        assertEquals("MasterKey[redacted]", key.toString());
    }
}
