package dev.latchkey.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.client.account.ClientContext;
import dev.latchkey.client.keychain.CredentialVault;
import dev.latchkey.client.support.Contexts;
import dev.latchkey.client.support.LiveServer;
import dev.latchkey.client.support.MemoryVault;
import dev.latchkey.client.support.NoVault;
import dev.latchkey.protocol.license.LicenseKeyFormat;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The headless command line against the real server: exit statuses, printed codes, passwords from stdin. */
class CliTest {

    private static LiveServer server;
    private static String product;

    @BeforeAll
    static void start() {
        server = LiveServer.start("cli", new JsonObject());
        server.createUser("cli_user", "cli-user-password", 3);
        product = server.product("Cli Pro");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** One command's outcome. */
    record Run(int status, String out, String err) {
    }

    private static Run run(ClientContext ctx, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Cli.execute(new CliEnvironment(ctx, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out, true), new PrintWriter(err, true), false), args);
        return new Run(status, out.toString(), err.toString());
    }

    private static ClientContext context(String name, CredentialVault vault) {
        return Contexts.create(Contexts.home(name), vault, Contexts.machine(name));
    }

    @Test
    @DisplayName("login keeps the session in the keychain; licenses, redeem and devices then work without a password; logout ends it")
    void loginThenCommands() {
        MemoryVault vault = new MemoryVault();
        try (ClientContext ctx = context("cli-login", vault)) {
            Run login = run(ctx, "cli-user-password\n", "login", "--server", server.url(), "--user", "cli_user");
            assertEquals(0, login.status(), login.err());
            assertTrue(login.out().contains("Signed in"), login.out());
            assertEquals(1, vault.entries.size());

            Run empty = run(ctx, "", "licenses");
            assertEquals(0, empty.status(), empty.err());
            assertTrue(empty.out().contains("No licenses"), empty.out());

            Run redeem = run(ctx, "", "redeem", server.issueKey(product, "pro").toLowerCase());
            assertEquals(0, redeem.status(), redeem.err());
            Run list = run(ctx, "", "licenses");
            assertTrue(list.out().contains("Cli Pro") && list.out().contains("active") && list.out().contains("pro"), list.out());

            Run devices = run(ctx, "", "devices");
            assertEquals(0, devices.status(), devices.err());
            assertTrue(devices.out().lines().anyMatch(l -> l.startsWith("*")), "this device is starred: " + devices.out());

            Run logout = run(ctx, "", "logout");
            assertEquals(0, logout.status(), logout.err());
            assertTrue(vault.entries.isEmpty());
            Run after = run(ctx, "", "licenses");
            assertEquals(ExitCodes.LOCAL, after.status());
            assertTrue(after.err().contains("NOT_SIGNED_IN"), after.err());
        }
    }

    @Test
    @DisplayName("a wrong password exits 1 printing INVALID_CREDENTIALS; the password never appears in the output")
    void wrongPassword() {
        try (ClientContext ctx = context("cli-wrong", new MemoryVault())) {
            Run r = run(ctx, "wrong-password-xyz\n", "login", "--server", server.url(), "--user", "cli_user");
            assertEquals(ExitCodes.REFUSED, r.status());
            assertTrue(r.err().contains("INVALID_CREDENTIALS"), r.err());
            assertFalse((r.out() + r.err()).contains("wrong-password-xyz"));
        }
    }

    @Test
    @DisplayName("without a keychain, login says so and exits 3; --user runs one command with the password from stdin")
    void noKeychain() {
        try (ClientContext ctx = context("cli-nokeychain", new NoVault())) {
            Run login = run(ctx, "cli-user-password\n", "login", "--server", server.url(), "--user", "cli_user");
            assertEquals(ExitCodes.LOCAL, login.status());
            assertTrue(login.err().contains("NO_KEYCHAIN"), login.err());

            Run once = run(ctx, "cli-user-password\n", "devices", "--server", server.url(), "--user", "cli_user");
            assertEquals(0, once.status(), once.err());
            assertTrue(once.out().contains("*"), once.out());
            Run noPassword = run(ctx, "", "devices", "--server", server.url(), "--user", "cli_user");
            assertEquals(ExitCodes.USAGE, noPassword.status());
            assertTrue(noPassword.err().contains("NO_PASSWORD"), noPassword.err());
        }
    }

    @Test
    @DisplayName("a mistyped key is refused locally (exit 2, INVALID_KEY_FORMAT); an unknown one by the server (exit 1, LICENSE_NOT_FOUND)")
    void redeemErrors() {
        try (ClientContext ctx = context("cli-redeem", new NoVault())) {
            String good = LicenseKeyFormat.generate(new SecureRandom());
            char last = good.charAt(good.length() - 1);
            String typo = good.substring(0, good.length() - 1) + (last == 'A' ? 'B' : 'A');
            Run local = run(ctx, "", "redeem", typo);
            assertEquals(ExitCodes.USAGE, local.status());
            assertTrue(local.err().contains("INVALID_KEY_FORMAT"), local.err());

            Run remote = run(ctx, "cli-user-password\n", "redeem", good, "--server", server.url(), "--user", "cli_user");
            assertEquals(ExitCodes.REFUSED, remote.status(), remote.err());
            assertTrue(remote.err().contains("LICENSE_NOT_FOUND"), remote.err());
        }
    }

    @Test
    @DisplayName("an unreachable server exits 4 with NETWORK_ERROR")
    void network() {
        try (ClientContext ctx = context("cli-net", new NoVault())) {
            Run r = run(ctx, "whatever-pw\n", "licenses", "--server", "http://127.0.0.1:9", "--user", "cli_user");
            assertEquals(ExitCodes.NETWORK, r.status(), r.err());
            assertTrue(r.err().contains("NETWORK_ERROR"), r.err());
        }
    }

    @Test
    @DisplayName("hwid prints one SHA-256 per component and no raw serial")
    void hwid() {
        try (ClientContext ctx = context("cli-hwid", new NoVault())) {
            Run r = run(ctx, "", "hwid");
            assertEquals(0, r.status(), r.err());
            assertEquals(5, r.out().lines().count(), r.out());
            assertTrue(r.out().lines().allMatch(l -> l.matches("[a-z]+ +[0-9a-f]{64}")), r.out());
            assertFalse(r.out().contains("serial"));
        }
    }

    @Test
    @DisplayName("plugins run prints what the plugin logs; a runaway plugin is stopped and exits 3 with the limit's name")
    void pluginsRun() throws Exception {
        try (ClientContext ctx = context("cli-plugins", new NoVault())) {
            Path dir = Files.createDirectories(ctx.paths().data().resolve("scripts"));
            Path hello = Files.writeString(dir.resolve("hello.lua"), """
                    print("hello from lua")
                    function on_start() lk.log("info", "licensed: " .. tostring(lk.license().valid)) end
                    function on_stop() lk.log("warn", "bye") end
                    """);
            Run ok = run(ctx, "", "plugins", "run", hello.toString());
            assertEquals(0, ok.status(), ok.err());
            assertTrue(ok.out().contains("hello from lua"), ok.out());
            assertTrue(ok.out().contains("licensed: false"), ok.out());
            assertTrue(ok.out().contains("bye"), ok.out());

            Path spin = Files.writeString(dir.resolve("spin.lua"), "while true do end\n");
            Run bad = run(ctx, "", "plugins", "run", spin.toString());
            assertEquals(ExitCodes.LOCAL, bad.status());
            assertTrue(bad.err().contains("INSTRUCTION_BUDGET") || bad.err().contains("DEADLINE"), bad.err());

            Run missing = run(ctx, "", "plugins", "run", dir.resolve("nope.lua").toString());
            assertEquals(ExitCodes.LOCAL, missing.status());
            assertTrue(missing.err().contains("FILE_UNREADABLE"), missing.err());
        }
    }
}
