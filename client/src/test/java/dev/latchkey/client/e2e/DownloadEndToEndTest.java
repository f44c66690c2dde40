package dev.latchkey.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.client.account.Account;
import dev.latchkey.client.account.ClientContext;
import dev.latchkey.client.account.SignIn;
import dev.latchkey.client.cli.Cli;
import dev.latchkey.client.cli.CliEnvironment;
import dev.latchkey.client.downloads.DecryptedFile;
import dev.latchkey.client.downloads.DownloadProgress;
import dev.latchkey.client.downloads.Downloads;
import dev.latchkey.client.http.ApiException;
import dev.latchkey.client.http.FileInfo;
import dev.latchkey.client.support.Contexts;
import dev.latchkey.client.support.LiveServer;
import dev.latchkey.client.support.NoVault;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files end to end against the real server: upload as the vendor, then download, resume, verify and run as a user. */
class DownloadEndToEndTest {

    private static final String USER = "dl_user";
    private static final String PASSWORD = "dl-user-password";

    private static LiveServer server;
    private static String product;
    private static final long STARTED = System.currentTimeMillis();

    @BeforeAll
    static void start() {
        server = LiveServer.start("download", new JsonObject().put("LATCHKEY_RATE_DOWNLOAD", "1000/1m"));
        server.createUser(USER, PASSWORD, 20);
        product = server.product("Download Pro");
        server.redeemFor(USER, PASSWORD, server.issueKey(product, "pro"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Run(int status, String out, String err) {
    }

    private static Run cli(ClientContext ctx, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Cli.execute(new CliEnvironment(ctx, new ByteArrayInputStream((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out, true), new PrintWriter(err, true), false), args);
        return new Run(status, out.toString(), err.toString());
    }

    /** The command, then the one-shot session options, then its arguments (options must precede a {@code --}). */
    private static String[] withUser(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--server", server.url(), "--user", USER));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    private static byte[] random(int size) {
        byte[] b = new byte[size];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    @DisplayName("download --sha256 prints the SHA-256 and size of the uploaded file; only the encrypted container is cached")
    void downloadSha256() throws Exception {
        byte[] content = random(300_000);
        JsonNode uploaded = server.upload(product, "data.bin", "1.0", content);
        String id = uploaded.path("id").asText();
        try (ClientContext ctx = Contexts.create(Contexts.home("dl-sha"), new NoVault(), Contexts.machine("dl-sha"))) {
            Run files = cli(ctx, withUser("files"));
            assertEquals(0, files.status(), files.err());
            assertTrue(files.out().contains(id) && files.out().contains("data.bin"), files.out());

            Run r = cli(ctx, withUser("download", id, "--sha256"));
            assertEquals(0, r.status(), r.err());
            assertEquals(sha256(content) + "  " + content.length, r.out().strip());
            Path container = ctx.paths().cache().resolve(id + ".lkc");
            assertEquals(uploaded.path("container_size").asLong(), Files.size(container));
            assertFalse(contains(Files.readAllBytes(container), Arrays.copyOfRange(content, 1000, 1032)));
        }
    }

    @Test
    @DisplayName("an interrupted download resumes with Range from where it stopped (a 206 on the server) and verifies")
    void resume() throws Exception {
        byte[] content = random(3 * 1024 * 1024 + 123);
        String id = server.upload(product, "big.bin", "1.0", content).path("id").asText();
        try (ClientContext ctx = Contexts.create(Contexts.home("dl-resume"), new NoVault(), Contexts.machine("dl-resume"))) {
            Account account = new SignIn(ctx).login(server.url(), USER, PASSWORD.toCharArray(), false);
            Downloads downloads = new Downloads(account, ctx.paths().cache());
            FileInfo file = downloads.available().stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();

            AtomicBoolean cancel = new AtomicBoolean();
            ApiException cancelled = assertThrows(ApiException.class,
                    () -> downloads.ensureContainer(file, p -> cancel.set(true), cancel));
            assertEquals(Downloads.CANCELLED, cancelled.code());
            long partial = downloads.cacheState(file).partialBytes();
            assertTrue(partial > 0 && partial < file.containerSize(), "partial " + partial + " of " + file.containerSize());

            AtomicReference<DownloadProgress> last = new AtomicReference<>();
            downloads.ensureContainer(file, last::set, new AtomicBoolean());
            assertEquals(partial, last.get().resumedFrom(), "the second attempt started where the first stopped");
            assertEquals(file.containerSize(), last.get().received());
            assertTrue(downloads.cacheState(file).complete());
            assertEquals(1, server.queryLong("SELECT count(*) FROM audit_events WHERE action = 'file.download' "
                    + "AND details->>'status' = '206' AND details->>'offset' = '" + partial + "'"));

            DecryptedFile opened = downloads.open(file, p -> { }, new AtomicBoolean());
            assertEquals(sha256(content), opened.sha256());
            assertTrue(Arrays.equals(content, opened.bytes()));
            opened.wipe();
        }
    }

    @Test
    @DisplayName("a container altered in the cache is refused (CONTAINER_CORRUPT) and removed; the next use downloads it again")
    void tampered() throws Exception {
        byte[] content = random(200_000);
        String id = server.upload(product, "tamper.bin", "1.0", content).path("id").asText();
        try (ClientContext ctx = Contexts.create(Contexts.home("dl-tamper"), new NoVault(), Contexts.machine("dl-tamper"))) {
            Account account = new SignIn(ctx).login(server.url(), USER, PASSWORD.toCharArray(), false);
            Downloads downloads = new Downloads(account, ctx.paths().cache());
            FileInfo file = downloads.available().stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
            downloads.ensureContainer(file, p -> { }, new AtomicBoolean());
            Path container = downloads.cache().complete(UUID.fromString(id));
            byte[] bytes = Files.readAllBytes(container);
            bytes[bytes.length / 2] ^= 0x01;
            Files.write(container, bytes);
            ApiException e = assertThrows(ApiException.class, () -> downloads.open(file, p -> { }, new AtomicBoolean()));
            assertEquals(Downloads.CORRUPT, e.code());
            assertFalse(Files.exists(container));
            DecryptedFile again = downloads.open(file, p -> { }, new AtomicBoolean());
            assertEquals(sha256(content), again.sha256());
            again.wipe();
        }
    }

    @Test
    @DisplayName("run starts a JAR's Main-Class from memory (resources included) and a .lua file in the sandbox; other types are refused")
    void run(@TempDir Path work) throws Exception {
        byte[] jar = TestJars.hello(work, "hello from memory");
        String jarId = server.upload(product, "hello.jar", "1.0", jar).path("id").asText();
        String luaId = server.upload(product, "greet.lua", "1.0",
                "print('lua says hi')\nfunction on_start() lk.log('info', 'licensed: ' .. tostring(lk.license().valid)) end\n"
                        .getBytes(StandardCharsets.UTF_8)).path("id").asText();
        String binId = server.upload(product, "setup.exe", "1.0", random(1000)).path("id").asText();
        try (ClientContext ctx = Contexts.create(Contexts.home("dl-run"), new NoVault(), Contexts.machine("dl-run"))) {
            System.clearProperty(TestJars.PROPERTY);
            Run r = cli(ctx, withUser("run", jarId, "--", "a", "b"));
            assertEquals(0, r.status(), r.err());
            assertEquals("hello from memory a,b", System.getProperty(TestJars.PROPERTY),
                    "run waits for the program's own threads, as the java launcher does");

            Run lua = cli(ctx, withUser("run", luaId));
            assertEquals(0, lua.status(), lua.err());
            assertTrue(lua.out().contains("lua says hi"), lua.out());

            Run bin = cli(ctx, withUser("run", binId));
            assertEquals(3, bin.status());
            assertTrue(bin.err().contains("NOT_LAUNCHABLE"), bin.err());
        }
    }

    @Test
    @DisplayName("after downloads, verification and runs, no file in the client's folders, the server's or the temp folder holds plaintext")
    void noPlaintextOnDisk(@TempDir Path work) throws Exception {
        byte[] data = random(700_000);
        byte[] jar = TestJars.hello(work.resolve("jar"), "scan me " + UUID.randomUUID());
        String dataId = server.upload(product, "scan.bin", "1.0", data).path("id").asText();
        String jarId = server.upload(product, "scan.jar", "1.0", jar).path("id").asText();
        Path home = Contexts.home("dl-scan");
        try (ClientContext ctx = Contexts.create(home, new NoVault(), Contexts.machine("dl-scan"))) {
            assertEquals(0, cli(ctx, withUser("download", dataId, "--sha256")).status());
            assertEquals(0, cli(ctx, withUser("download", jarId)).status());
            assertEquals(0, cli(ctx, withUser("run", jarId)).status());
        }
        List<byte[]> needles = List.of(Arrays.copyOfRange(data, 0, 32), Arrays.copyOfRange(data, 400_000, 400_032),
                Arrays.copyOfRange(jar, 0, 32), Arrays.copyOfRange(jar, jar.length / 2, jar.length / 2 + 32));
        List<Path> roots = List.of(home, Path.of(System.getProperty("java.io.tmpdir")));
        int scanned = 0;
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    if (!Files.isRegularFile(p) || work.startsWith(root) && p.startsWith(work) || !recent(p)) {
                        continue;
                    }
                    byte[] bytes = read(p);
                    if (bytes == null) {
                        continue;
                    }
                    scanned++;
                    for (byte[] needle : needles) {
                        assertFalse(contains(bytes, needle), "plaintext found in " + p);
                    }
                }
            } catch (java.io.UncheckedIOException ignored) {
                // a temp file of another process vanished while walking
            }
        }
        assertTrue(scanned > 3, "the scan looked at the cache, settings and logs at least: " + scanned);
    }

    private static boolean recent(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis() >= STARTED - 1000 && Files.size(p) < (64 << 20);
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
