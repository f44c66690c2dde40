package dev.latchkey.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * Resolves each secret from configuration, else from {@code DATA_DIR/secrets/NAME}, else generates
 * it there once (mode 0600) so a restart reuses it. Blocking: call from a worker or before Vert.x.
 */
public final class SecretsLoader {

    private static final Logger LOG = Logger.getLogger(SecretsLoader.class.getName());
    private static final int MIN_SECRET_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretsLoader() {
    }

    public static Secrets load(ServerConfig config) {
        Path dir = config.dataDir().resolve("secrets");
        ServerConfig.ConfiguredSecrets given = config.secretValues();
        byte[] master = resolve("LATCHKEY_MASTER_KEY", given.masterKey(), dir.resolve("master_key"),
                () -> randomBase64(32), SecretsLoader::exactly32);
        byte[] jwt = resolve("LATCHKEY_JWT_SECRET", given.jwtSecret(), dir.resolve("jwt_secret"),
                () -> randomBase64(64), SecretsLoader::atLeast32);
        byte[] pkcs8 = resolve("LATCHKEY_SIGNING_KEY", given.signingKey(), dir.resolve("signing_key"),
                SecretsLoader::newSigningKey, SecretsLoader::ed25519);
        // Why a key of its own: license key hashes must survive a master-key or JWT-secret rotation.
        byte[] licenseHmac = resolve("LATCHKEY_LICENSE_HMAC_KEY", given.licenseHmacKey(), dir.resolve("license_hmac_key"),
                () -> randomBase64(32), SecretsLoader::atLeast32);
        PrivateKey signing = parseEd25519(pkcs8);
        return new Secrets(master, jwt, signing, publicKeyOf(signing), licenseHmac);
    }

    private interface Check {
        void check(byte[] decoded);
    }

    private interface Generator {
        String generate();
    }

    private static byte[] resolve(String name, Optional<String> configured, Path file, Generator generator, Check check) {
        if (configured.isPresent()) {
            return decode(name, configured.get(), check);
        }
        try {
            if (Files.exists(file)) {
                return decode(name + " (from " + file + ")", Files.readString(file, StandardCharsets.US_ASCII).trim(), check);
            }
            String fresh = generator.generate();
            writePrivate(file, fresh);
            LOG.info(() -> name + " was not set: generated one into " + file);
            return decode(name, fresh, check);
        } catch (FileAlreadyExistsException raced) {
            // Why: two nodes sharing a data dir may both generate; the first file written wins for both.
            return resolve(name, configured, file, generator, check);
        } catch (IOException e) {
            throw new ConfigException("Cannot read or create " + file + " for " + name + ": " + e.getMessage(), e);
        }
    }

    private static byte[] decode(String name, String base64, Check check) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + " is not valid base64");
        }
        try {
            check.check(bytes);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + " " + e.getMessage());
        }
        return bytes;
    }

    private static void exactly32(byte[] b) {
        if (b.length != 32) {
            throw new IllegalArgumentException("must be base64 of exactly 32 bytes (got " + b.length + ")");
        }
    }

    private static void atLeast32(byte[] b) {
        if (b.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("must be base64 of at least " + MIN_SECRET_BYTES + " bytes (got " + b.length + ")");
        }
    }

    private static void ed25519(byte[] b) {
        if (b.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("is too short to be a PKCS#8 Ed25519 private key (got " + b.length + " bytes)");
        }
        parseEd25519(b);
    }

    private static PrivateKey parseEd25519(byte[] pkcs8) {
        try {
            PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            if (!(key instanceof EdECPrivateKey ed) || ed.getBytes().isEmpty()) {
                throw new IllegalArgumentException("is not a PKCS#8 Ed25519 private key");
            }
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("is not a PKCS#8 Ed25519 private key");
        }
    }

    /** Derives the public key from the private seed (PKCS#8 v1 does not carry it). */
    private static PublicKey publicKeyOf(PrivateKey key) {
        byte[] seed = ((EdECPrivateKey) key).getBytes().orElseThrow();
        Ed25519PublicKeyParameters pub = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey();
        byte[] spki = new byte[12 + 32];
        // Why hand-built: the JDK has no "public from private" for EdDSA; this is the fixed SPKI prefix of Ed25519.
        byte[] prefix = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
        System.arraycopy(prefix, 0, spki, 0, 12);
        pub.encode(spki, 12);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new java.security.spec.X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 public key encoding failed", e);
        }
    }

    private static String randomBase64(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    private static String newSigningKey() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is required by Java 15+", e);
        }
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        // Why CREATE_NEW with the mode set at creation: the secret is never readable by others, not even briefly.
        try (var ch = Files.newByteChannel(file, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ch.write(java.nio.ByteBuffer.wrap((content + "\n").getBytes(StandardCharsets.US_ASCII)));
        }
    }
}
