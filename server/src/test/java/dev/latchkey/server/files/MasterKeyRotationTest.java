package dev.latchkey.server.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.protocol.container.KeyUnwrapException;
import dev.latchkey.protocol.container.MasterKey;
import dev.latchkey.protocol.container.MasterKeyWrap;
import dev.latchkey.server.LatchkeyServer;
import dev.latchkey.server.config.ConfigLoader;
import dev.latchkey.server.config.ServerConfig;
import dev.latchkey.server.support.Licensing;
import dev.latchkey.server.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code rotate-master-key} against a real database and data directory, then a server restarted with the new
 * key downloads every file. The server under {@link TestServer} keeps its old key in memory, as a node that
 * was not restarted would; every download check therefore starts a fresh server on the same data.
 */
@ExtendWith(VertxExtension.class)
class MasterKeyRotationTest {

    /** A server's data, a user who may download, and the files with their plaintexts. */
    private record Fixture(TestServer t, String token, String userId, Map<String, byte[]> files) {
    }

    private static Vertx vertx;
    private static Fixture fileKey;
    private static Fixture envKey;

    @BeforeAll
    static void start(Vertx v) {
        vertx = v;
        fileKey = fixture(TestServer.start(v, "filesrotate"), "rot");
        envKey = fixture(TestServer.start(v, "filesrotenv",
                new JsonObject().put("LATCHKEY_MASTER_KEY", SecretFile.encode(MasterKey.generate()))), "renv");
    }

    @AfterAll
    static void stop() {
        fileKey.t().close();
        envKey.t().close();
    }

    private static Fixture fixture(TestServer t, String prefix) {
        t.createUser(prefix + "_admin", "admin-password-1", "admin");
        String admin = t.adminToken(prefix + "_admin", "admin-password-1");
        Licensing lic = new Licensing(t, admin);
        String product = lic.product("Rotated " + prefix, new JsonObject());
        JsonObject pair = lic.userWithLicense(prefix + "_user", product, new JsonObject(), prefix + "-machine");
        lic.heartbeat(pair.getString("access_token"));
        FileApi api = new FileApi(t.http, admin);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int size : new int[] {0, 1, 65536, 200_000}) {
            byte[] data = FileApi.randomBytes(size, size + 17);
            files.put(api.release(product, "rotated.bin", "1." + size, null, data).getString("id"), data);
        }
        return new Fixture(t, pair.getString("access_token"), pair.getString("user_id"), files);
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run rotate(ServerConfig config, boolean keepPrevious) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new MasterKeyRotation(config, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(keepPrevious);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The test server's settings on the same database, Redis prefix and data directory, with a chosen master key. */
    private static ServerConfig config(TestServer t, String masterKey) {
        ServerConfig c = t.services().config();
        JsonObject j = ConfigLoader.defaults()
                .put("LATCHKEY_HTTP_HOST", "127.0.0.1").put("LATCHKEY_HTTP_PORT", 0).put("LATCHKEY_HTTP_INSTANCES", 1)
                .put("LATCHKEY_PG_URI", c.pgUri()).put("LATCHKEY_PG_POOL_SIZE", 4)
                .put("LATCHKEY_REDIS_URI", c.redisUri()).put("LATCHKEY_REDIS_PREFIX", c.redisPrefix())
                .put("LATCHKEY_DATA_DIR", c.dataDir().toString()).put("LATCHKEY_HASH_THREADS", 1)
                .put("LATCHKEY_RATE_API", "100000/1m").put("LATCHKEY_RATE_DOWNLOAD", "100000/1m");
        if (masterKey != null) {
            j.put("LATCHKEY_MASTER_KEY", masterKey);
        }
        return ConfigLoader.parse(j);
    }

    /** Starts a new server on {@code config} (so with the master key it finds now) and downloads and decrypts every file. */
    private static void assertAllDownloadable(Fixture f, ServerConfig config) throws Exception {
        LatchkeyServer server = LatchkeyServer.start(vertx, config).await();
        WebClient http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
        try {
            FileApi api = new FileApi(http, null);
            for (Map.Entry<String, byte[]> e : f.files().entrySet()) {
                HttpResponse<Buffer> r = api.download(f.token(), e.getKey(), null);
                assertEquals(200, r.statusCode(), r.bodyAsString());
                assertArrayEquals(e.getValue(), FileApi.decrypt(r.bodyAsBuffer().getBytes(), r.getHeader("X-Latchkey-Wrapped-Key"),
                        f.token(), f.userId(), e.getKey()));
            }
        } finally {
            http.close();
            server.stop().await();
        }
    }

    private static Map<String, String> wrappedKeys(TestServer t) {
        Map<String, String> m = new LinkedHashMap<>();
        t.db.query("SELECT id::text AS id, encode(wrapped_dek, 'hex') AS w FROM files ORDER BY id")
                .forEach(r -> m.put((String) r.get("id"), (String) r.get("w")));
        return m;
    }

    private static Map<String, String> containerDigests(TestServer t) throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        for (String id : wrappedKeys(t).keySet()) {
            byte[] bytes = Files.readAllBytes(t.dataDir.resolve("files").resolve(id + ".lkc"));
            m.put(id, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        }
        return m;
    }

    private static Path secrets(TestServer t, String name) {
        return t.dataDir.resolve("secrets").resolve(name);
    }

    @Test
    @DisplayName("rotation re-wraps every file key in place of the old one, touches no container, and a restarted server downloads every file")
    void rotateAndRestart() throws Exception {
        TestServer t = fileKey.t();
        MasterKey before = SecretFile.read(secrets(t, "master_key"));
        Map<String, String> keysBefore = wrappedKeys(t);
        Map<String, String> containersBefore = containerDigests(t);

        Run run = rotate(t.services().config(), false);
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("Re-wrapped " + keysBefore.size() + " file key(s)"), run.out());

        MasterKey after = SecretFile.read(secrets(t, "master_key"));
        assertNotEquals(SecretFile.encode(before), SecretFile.encode(after));
        assertFalse(run.out().contains(SecretFile.encode(after)), "a key kept in the data directory is never printed");
        assertFalse(Files.exists(secrets(t, "master_key.next")));
        assertFalse(Files.exists(secrets(t, "master_key.previous")), "the old key is removed once the commit succeeded");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets(t, "master_key"))));
        assertEquals(containersBefore, containerDigests(t), "containers are not touched");
        Map<String, String> keysAfter = wrappedKeys(t);
        assertEquals(keysBefore.keySet(), keysAfter.keySet());
        for (String id : keysBefore.keySet()) {
            assertNotEquals(keysBefore.get(id), keysAfter.get(id));
            byte[] wrapped = HexFormat.of().parseHex(keysAfter.get(id));
            MasterKeyWrap.unwrap(after, wrapped, UUID.fromString(id));
            assertThrows(KeyUnwrapException.class, () -> MasterKeyWrap.unwrap(before, wrapped, UUID.fromString(id)));
        }
        assertAllDownloadable(fileKey, t.services().config());
    }

    @Test
    @DisplayName("--keep-previous leaves the old key in master_key.previous (mode 0600) for restoring older database backups")
    void keepPrevious() throws Exception {
        TestServer t = fileKey.t();
        String before = SecretFile.encode(SecretFile.read(secrets(t, "master_key")));
        Run run = rotate(t.services().config(), true);
        assertEquals(0, run.exit(), run.err());
        assertEquals(before, SecretFile.encode(SecretFile.read(secrets(t, "master_key.previous"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets(t, "master_key.previous"))));
        Files.delete(secrets(t, "master_key.previous"));
        assertAllDownloadable(fileKey, t.services().config());
    }

    @Test
    @DisplayName("a rotation that committed but died before installing its key is finished by running the command again")
    void interruptedAfterCommit() throws Exception {
        TestServer t = fileKey.t();
        String old = SecretFile.encode(SecretFile.read(secrets(t, "master_key")));
        assertEquals(0, rotate(t.services().config(), false).exit());
        // Put the files back as a crash between the commit and the rename leaves them.
        Files.move(secrets(t, "master_key"), secrets(t, "master_key.next"));
        Files.writeString(secrets(t, "master_key"), old + "\n");
        String committed = SecretFile.encode(SecretFile.read(secrets(t, "master_key.next")));
        Map<String, String> keys = wrappedKeys(t);

        Run run = rotate(t.services().config(), false);
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("had committed"), run.out());
        assertEquals(committed, SecretFile.encode(SecretFile.read(secrets(t, "master_key"))));
        assertEquals(keys, wrappedKeys(t), "finishing does not re-wrap again");
        assertFalse(Files.exists(secrets(t, "master_key.next")));
        assertAllDownloadable(fileKey, t.services().config());
    }

    @Test
    @DisplayName("a master_key.next left by a rotation that never committed is dropped and the rotation starts over")
    void interruptedBeforeCommit() throws Exception {
        TestServer t = fileKey.t();
        SecretFile.write(secrets(t, "master_key.next"), MasterKey.generate());
        String old = SecretFile.encode(SecretFile.read(secrets(t, "master_key")));
        Run run = rotate(t.services().config(), false);
        assertEquals(0, run.exit(), run.err());
        assertNotEquals(old, SecretFile.encode(SecretFile.read(secrets(t, "master_key"))));
        assertAllDownloadable(fileKey, t.services().config());
    }

    @Test
    @DisplayName("with a master key that does not open the stored keys nothing changes and the command says so")
    void wrongKeyChangesNothing() throws Exception {
        TestServer t = fileKey.t();
        Map<String, String> keys = wrappedKeys(t);
        String current = SecretFile.encode(SecretFile.read(secrets(t, "master_key")));
        Run run = rotate(config(t, SecretFile.encode(MasterKey.generate())), false);
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("do not open with the current master key"), run.err());
        assertTrue(run.err().contains("the key printed above is void"), run.err());
        assertEquals(keys, wrappedKeys(t));
        assertEquals(current, SecretFile.encode(SecretFile.read(secrets(t, "master_key"))));
    }

    @Test
    @DisplayName("with LATCHKEY_MASTER_KEY configured the new key is printed once, no key file is written, and a server given it downloads every file")
    void configuredKey() throws Exception {
        TestServer t = envKey.t();
        Map<String, String> containers = containerDigests(t);
        Run run = rotate(t.services().config(), false);
        assertEquals(0, run.exit(), run.err());
        String line = run.out().lines().filter(l -> l.startsWith("LATCHKEY_MASTER_KEY=")).findFirst().orElseThrow();
        String fresh = line.substring("LATCHKEY_MASTER_KEY=".length());
        assertEquals(32, Base64.getDecoder().decode(fresh).length);
        assertEquals(1, run.out().split(java.util.regex.Pattern.quote(fresh), -1).length - 1, "printed exactly once");
        assertFalse(Files.exists(secrets(t, "master_key")));
        assertFalse(Files.exists(secrets(t, "master_key.next")));
        assertFalse(Files.exists(secrets(t, "master_key.previous")));
        assertEquals(containers, containerDigests(t));
        assertAllDownloadable(envKey, config(t, fresh));
        // The configured old key opens nothing any more.
        String old = t.services().config().secretValues().masterKey().orElseThrow();
        MasterKey oldKey = SecretFile.decode(old, "old");
        wrappedKeys(t).forEach((id, w) -> assertThrows(KeyUnwrapException.class,
                () -> MasterKeyWrap.unwrap(oldKey, HexFormat.of().parseHex(w), UUID.fromString(id))));
    }

    @Test
    @DisplayName("the command is named rotate-master-key, documents --keep-previous, and tells the operator to stop the nodes first")
    void commandLine() {
        java.io.StringWriter help = new java.io.StringWriter();
        picocli.CommandLine cli = new picocli.CommandLine(new RotateMasterKeyCommand());
        cli.setOut(new java.io.PrintWriter(help));
        assertEquals(0, cli.execute("--help"));
        assertEquals("rotate-master-key", cli.getCommandName());
        assertTrue(help.toString().contains("--keep-previous"), help.toString());
        assertTrue(help.toString().contains("Stop every server node first"), help.toString());
    }
}
