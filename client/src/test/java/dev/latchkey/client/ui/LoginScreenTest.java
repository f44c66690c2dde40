package dev.latchkey.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.client.account.ClientContext;
import dev.latchkey.client.support.Contexts;
import dev.latchkey.client.support.LiveServer;
import dev.latchkey.client.support.MemoryVault;
import dev.latchkey.client.support.NoVault;
import imgui.ImGui;
import imgui.flag.ImGuiKey;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The login screen, driven through ImGuiIO without a display, against the real server. */
class LoginScreenTest {

    private static LiveServer server;

    @BeforeAll
    static void start() {
        server = LiveServer.start("loginui", new JsonObject());
        server.createUser("ui_user", "ui-user-password", 3);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ClientContext context(String name, dev.latchkey.client.keychain.CredentialVault vault) {
        ClientContext ctx = Contexts.create(Contexts.home(name), vault, Contexts.machine(name));
        ctx.settings().update(s -> s.withLogin(server.url(), "", false));
        return ctx;
    }

    @Test
    @DisplayName("typed text lands in the form; the password is kept masked and emptied on submit; empty fields are refused locally")
    void typingFillsTheForm() throws Exception {
        try (ClientContext ctx = context("form", new MemoryVault()); ClientUi ui = new ClientUi(ctx);
             HeadlessImGui imgui = new HeadlessImGui(ui)) {
            imgui.frames(2);
            assertEquals(server.url(), ui.loginScreen().serverText());
            imgui.click("login.submit");
            assertEquals(ui.messages().get("login.missing"), ui.loginScreen().error());
            assertTrue(imgui.drawn("login.error"), "the error is drawn under the form");

            imgui.type("login.username", "ui_user");
            imgui.type("login.password", "secret-123");
            assertEquals("ui_user", ui.loginScreen().usernameText());
            assertEquals(10, ui.loginScreen().passwordLength());
            imgui.click("login.remember");
            assertTrue(ui.loginScreen().rememberChecked());
        }
    }

    @Test
    @DisplayName("a wrong password shows the server's INVALID_CREDENTIALS as a sentence, in the chosen language")
    void badPassword() throws Exception {
        try (ClientContext ctx = context("badpw", new NoVault()); ClientUi ui = new ClientUi(ctx);
             HeadlessImGui imgui = new HeadlessImGui(ui)) {
            imgui.frames(2);
            imgui.type("login.username", "ui_user");
            imgui.type("login.password", "not-the-password");
            imgui.click("login.submit");
            assertEquals(0, ui.loginScreen().passwordLength(), "the password field is emptied at once");
            imgui.until("the sign-in answer", () -> !ui.loginScreen().busy());
            assertEquals("Wrong username or password.", ui.loginScreen().error());
            assertTrue(imgui.drawn("login.error"));
            assertTrue(ui.mainScreen().isEmpty());

            // Korean (the font check is bypassed: glyphs do not matter without a display).
            ui.setKoreanFont(true);
            imgui.click("login.language");
            imgui.click("login.language.ko");
            assertEquals("ko", ui.messages().language());
            imgui.type("login.password", "still-wrong-pw");
            // Enter in the password field submits, like the button.
            ImGui.getIO().addKeyEvent(ImGuiKey.Enter, true);
            imgui.frame();
            ImGui.getIO().addKeyEvent(ImGuiKey.Enter, false);
            imgui.frame();
            assertEquals(0, ui.loginScreen().passwordLength(), "submitted with Enter");
            imgui.until("the second answer", () -> !ui.loginScreen().busy());
            assertEquals("사용자 이름 또는 비밀번호가 올바르지 않습니다.", ui.loginScreen().error());
            assertEquals("ko", ctx.settings().get().language(), "the language is remembered");
        }
    }

    @Test
    @DisplayName("without an OS keychain, remember me is disabled and the note says why")
    void rememberDisabledWithoutKeychain() throws Exception {
        try (ClientContext ctx = context("nokeychain", new NoVault()); ClientUi ui = new ClientUi(ctx);
             HeadlessImGui imgui = new HeadlessImGui(ui)) {
            imgui.frames(2);
            imgui.click("login.remember");
            assertFalse(ui.loginScreen().rememberChecked(), "a disabled checkbox does not toggle");
            assertTrue(ui.messages().get("login.remember.unavailable", NoVault.REASON).contains(NoVault.REASON));
        }
    }

    @Test
    @DisplayName("the right password opens the main screen; its tabs switch on click and show licenses, this device marked, plugins and the HWID hashes")
    void tabs() throws Exception {
        try (ClientContext ctx = context("tabs", new NoVault()); ClientUi ui = new ClientUi(ctx);
             HeadlessImGui imgui = new HeadlessImGui(ui)) {
            imgui.frames(2);
            imgui.type("login.username", "ui_user");
            imgui.type("login.password", "ui-user-password");
            imgui.click("login.submit");
            imgui.until("the main screen", () -> ui.mainScreen().isPresent());
            assertNull(ui.loginScreen().error());
            MainScreen main = ui.mainScreen().orElseThrow();
            assertEquals(MainScreen.Tab.LICENSES, main.selected());
            imgui.until("licenses loaded", () -> main.licenses().items() != null);
            assertTrue(main.licenses().items().isEmpty());

            imgui.type("licenses.key", "ABCDE-FGHJK");
            imgui.click("licenses.redeem");
            assertEquals(ui.messages().get("licenses.redeem.invalid"), main.licenses().redeemError(),
                    "a malformed key is refused without asking the server");

            imgui.click("tab.DEVICES");
            assertEquals(MainScreen.Tab.DEVICES, main.selected());
            imgui.until("devices loaded", () -> main.devices().items() != null);
            assertEquals(1, main.devices().items().size());
            assertTrue(imgui.drawn("devices.current"), "this device is marked");

            imgui.click("tab.PLUGINS");
            assertEquals(MainScreen.Tab.PLUGINS, main.selected());
            imgui.until("the heartbeat plugin running", () -> ui.runtime().isPresent()
                    && main.plugins().entries().stream().anyMatch(e -> e.name().equals("heartbeat") && e.state() != null));

            imgui.click("tab.SETTINGS");
            assertEquals(MainScreen.Tab.SETTINGS, main.selected());
            imgui.until("the HWID table", () -> imgui.drawn("settings.hwid"));
            assertEquals(5, main.settings().hardwareId().components().size());

            imgui.click("main.signOut");
            assertTrue(ui.mainScreen().isEmpty());
        }
    }

    @Test
    @DisplayName("when the server ends the session (revoked elsewhere), the next request returns the window to sign-in with the reason")
    void sessionEndedReturnsToLogin() throws Exception {
        try (ClientContext ctx = context("ended", new NoVault()); ClientUi ui = new ClientUi(ctx);
             HeadlessImGui imgui = new HeadlessImGui(ui)) {
            imgui.frames(2);
            imgui.type("login.username", "ui_user");
            imgui.type("login.password", "ui-user-password");
            imgui.click("login.submit");
            imgui.until("the main screen", () -> ui.mainScreen().isPresent());
            // Let the first load finish: a click on Refresh while it runs would be ignored.
            imgui.until("licenses loaded", () -> ui.mainScreen().orElseThrow().licenses().items() != null);
            String access = ui.account().orElseThrow().api().session().current().accessToken();
            server.post("/auth/client/logout", dev.latchkey.client.http.Json.object(), access);
            imgui.click("licenses.refresh");
            imgui.until("back at sign-in", () -> ui.mainScreen().isEmpty());
            assertEquals(ui.messages().get("login.ended", "TOKEN_REVOKED"), ui.loginScreen().error());
        }
    }
}
