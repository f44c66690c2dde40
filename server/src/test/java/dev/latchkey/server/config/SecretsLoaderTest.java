package dev.latchkey.server.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Signature;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsLoaderTest {

    private static ServerConfig config(Path dir, JsonObject extra) {
        return ConfigLoader.parse(ConfigLoader.defaults().put("LATCHKEY_DATA_DIR", dir.toString()).mergeIn(extra));
    }

    @Test
    @DisplayName("missing secrets are generated once into the data directory with mode 0600, and reused on the next start")
    void generatedOnceAndReused(@TempDir Path dir) throws Exception {
        Secrets first = SecretsLoader.load(config(dir, new JsonObject()));
        for (String name : new String[] {"master_key", "jwt_secret", "signing_key"}) {
            Path f = dir.resolve("secrets").resolve(name);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), name);
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("secrets"))));
        assertEquals(32, first.masterKey().length);
        assertTrue(first.jwtSecret().length >= 32);
        Secrets second = SecretsLoader.load(config(dir, new JsonObject()));
        assertArrayEquals(first.masterKey(), second.masterKey());
        assertArrayEquals(first.jwtSecret(), second.jwtSecret());
        assertArrayEquals(first.signingKey().getEncoded(), second.signingKey().getEncoded());
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(second.signingKey());
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        Signature v = Signature.getInstance("Ed25519");
        v.initVerify(second.verifyKey());
        v.update(new byte[] {1, 2, 3});
        assertTrue(v.verify(sig), "the derived public key matches the private key");
        assertEquals("Secrets[redacted]", second.toString());
    }

    @Test
    @DisplayName("configured secrets win over files; a short, malformed or wrong-type secret stops the start with a clear message")
    void refusesBadSecrets(@TempDir Path dir) {
        byte[] good = new byte[32];
        new java.security.SecureRandom().nextBytes(good);
        String b64 = Base64.getEncoder().encodeToString(good);
        Secrets s = SecretsLoader.load(config(dir, new JsonObject().put("LATCHKEY_JWT_SECRET", b64)));
        assertArrayEquals(good, s.jwtSecret());

        ConfigException shortJwt = assertThrows(ConfigException.class, () -> SecretsLoader.load(config(dir,
                new JsonObject().put("LATCHKEY_JWT_SECRET", Base64.getEncoder().encodeToString(new byte[16])))));
        assertEquals("LATCHKEY_JWT_SECRET must be base64 of at least 32 bytes (got 16)", shortJwt.getMessage());

        ConfigException malformed = assertThrows(ConfigException.class, () -> SecretsLoader.load(config(dir,
                new JsonObject().put("LATCHKEY_MASTER_KEY", "not base64 at all!"))));
        assertEquals("LATCHKEY_MASTER_KEY is not valid base64", malformed.getMessage());

        ConfigException wrongLength = assertThrows(ConfigException.class, () -> SecretsLoader.load(config(dir,
                new JsonObject().put("LATCHKEY_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[31])))));
        assertTrue(wrongLength.getMessage().startsWith("LATCHKEY_MASTER_KEY must be base64 of exactly 32 bytes"));

        ConfigException notEd25519 = assertThrows(ConfigException.class, () -> SecretsLoader.load(config(dir,
                new JsonObject().put("LATCHKEY_SIGNING_KEY", Base64.getEncoder().encodeToString(new byte[64])))));
        assertEquals("LATCHKEY_SIGNING_KEY is not a PKCS#8 Ed25519 private key", notEd25519.getMessage());

        ConfigException shortSigning = assertThrows(ConfigException.class, () -> SecretsLoader.load(config(dir,
                new JsonObject().put("LATCHKEY_SIGNING_KEY", "AAAA"))));
        assertTrue(shortSigning.getMessage().contains("too short"), shortSigning.getMessage());
    }

    @Test
    @DisplayName("a corrupted secret file is refused, naming the file, rather than silently replaced")
    void corruptFileRefused(@TempDir Path dir) throws Exception {
        SecretsLoader.load(config(dir, new JsonObject()));
        Files.writeString(dir.resolve("secrets/jwt_secret"), "c2hvcnQ=");
        ConfigException e = assertThrows(ConfigException.class, () -> SecretsLoader.load(config(dir, new JsonObject())));
        assertTrue(e.getMessage().contains(dir.resolve("secrets/jwt_secret").toString()), e.getMessage());
    }
}
