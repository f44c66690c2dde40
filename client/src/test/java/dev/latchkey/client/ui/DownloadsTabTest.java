package dev.latchkey.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.client.account.ClientContext;
import dev.latchkey.client.support.Contexts;
import dev.latchkey.client.support.LiveServer;
import dev.latchkey.client.support.NoVault;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Downloads tab driven without a display: download with progress, verify, launch a Lua file. */
class DownloadsTabTest {

    private static LiveServer server;
    private static String dataId;
    private static String luaId;
    private static byte[] data;

    @BeforeAll
    static void start() {
        server = LiveServer.start("dltab", new JsonObject().put("LATCHKEY_RATE_DOWNLOAD", "1000/1m"));
        server.createUser("tab_user", "tab-user-password", 5);
        String product = server.product("Tab Pro");
        server.redeemFor("tab_user", "tab-user-password", server.issueKey(product));
        data = new byte[2_000_000];
        new java.security.SecureRandom().nextBytes(data);
        dataId = server.upload(product, "assets.pak", "2.0", data).path("id").asText();
        luaId = server.upload(product, "tool.lua", "1.0",
                "function on_start() lk.log('info', 'tool started from a download') end\n".getBytes(StandardCharsets.UTF_8))
                .path("id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    @DisplayName("Download fills the cache, Verify matches the signed SHA-256, Launch runs a .lua download in the sandbox")
    void downloadVerifyLaunch() throws Exception {
        try (ClientContext ctx = Contexts.create(Contexts.home("dltab"), new NoVault(), Contexts.machine("dltab"));
             ClientUi ui = new ClientUi(ctx); HeadlessImGui imgui = new HeadlessImGui(ui)) {
            ctx.settings().update(s -> s.withLogin(server.url(), "", false));
            imgui.frames(2);
            ui.loginScreen().fill(server.url(), "tab_user", "tab-user-password");
            ui.loginScreen().submit();
            imgui.until("the main screen", () -> ui.mainScreen().isPresent());
            MainScreen main = ui.mainScreen().orElseThrow();
            imgui.click("tab.DOWNLOADS");
            assertEquals(MainScreen.Tab.DOWNLOADS, main.selected());
            DownloadsTab tab = main.downloads();
            imgui.until("the file list", () -> tab.files() != null && tab.files().size() == 2);

            imgui.click("downloads.download." + dataId);
            imgui.until("the download", () -> tab.task(dataId).complete());
            assertEquals(FileTask.Status.IDLE, tab.task(dataId).status());
            assertTrue(java.nio.file.Files.exists(ctx.paths().cache().resolve(dataId + ".lkc")));

            imgui.click("downloads.verify." + dataId);
            imgui.until("verification", () -> tab.task(dataId).status() == FileTask.Status.VERIFIED);
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)), tab.task(dataId).sha256());

            imgui.until("the plugin host", () -> ui.runtime().isPresent());
            imgui.click("downloads.launch." + luaId);
            imgui.until("the launched plugin's log line", () -> ui.console().snapshot().stream()
                    .anyMatch(l -> l.message().contains("tool started from a download")));
            assertEquals(FileTask.Status.LAUNCHED, tab.task(luaId).status());
        }
    }
}
