package dev.latchkey.client.ui;

import dev.latchkey.client.account.SignIn;
import dev.latchkey.client.app.Settings;
import dev.latchkey.client.http.ApiException;
import dev.latchkey.client.keychain.CredentialVault;
import imgui.ImGui;
import imgui.flag.ImGuiInputTextFlags;
import imgui.type.ImBoolean;
import imgui.type.ImString;
import java.util.Arrays;

/** Sign-in: server URL, username, masked password, remember me, language; the server's refusal in words. */
public final class LoginScreen {

    private static final float WIDTH = 440;

    private final ClientUi ui;
    private final ImString server = new ImString(512);
    private final ImString username = new ImString(128);
    private final ImString password = new ImString(1024);
    private final ImBoolean remember = new ImBoolean(false);
    private String error;
    private boolean busy;
    private boolean resuming;

    LoginScreen(ClientUi ui) {
        this.ui = ui;
        Settings s = ui.context().settings().get();
        server.set(s.serverUrl());
        username.set(s.username());
        remember.set(s.rememberMe() && ui.context().vault().available());
    }

    void process() {
        Messages m = ui.messages();
        float avail = ImGui.getContentRegionAvailX();
        float left = Math.max(0, (avail - WIDTH) / 2);
        ImGui.dummy(0, Math.max(0, ImGui.getContentRegionAvailY() / 2 - 230));
        ImGui.setCursorPosX(ImGui.getCursorPosX() + left);
        ImGui.beginGroup();
        ImGui.pushItemWidth(WIDTH);
        ImGui.setWindowFontScale(1.6f);
        Theme.text(Theme.ACCENT, m.get("app.title"));
        ImGui.setWindowFontScale(1f);
        Theme.text(Theme.MUTED, m.get("app.subtitle"));
        ImGui.spacing();
        LanguageCombo.process(ui, "login.language");
        ImGui.spacing();

        ImGui.beginDisabled(busy || resuming);
        ImGui.textUnformatted(m.get("login.server"));
        ImGui.inputText("##login.server", server);
        UiProbe.mark("login.server");
        plaintextWarning(m);
        ImGui.textUnformatted(m.get("login.username"));
        ImGui.inputText("##login.username", username);
        UiProbe.mark("login.username");
        ImGui.textUnformatted(m.get("login.password"));
        ImGui.inputText("##login.password", password, ImGuiInputTextFlags.Password);
        boolean enter = Inputs.enterPressed();
        UiProbe.mark("login.password");
        rememberMe(m);
        ImGui.spacing();
        boolean clicked = ImGui.button(m.get(busy ? "login.busy" : "login.submit") + "##login.submit", WIDTH, 0);
        UiProbe.mark("login.submit");
        ImGui.endDisabled();
        if ((clicked || enter) && !busy && !resuming) {
            submit();
        }
        if (resuming) {
            Theme.text(Theme.MUTED, m.get("login.resuming"));
        }
        if (error != null) {
            ImGui.pushTextWrapPos(ImGui.getCursorPosX() + WIDTH);
            Theme.text(Theme.ERROR, error);
            ImGui.popTextWrapPos();
            UiProbe.mark("login.error");
        }
        ImGui.popItemWidth();
        ImGui.endGroup();
    }

    private void plaintextWarning(Messages m) {
        try {
            if (SignIn.plaintextOverNetwork(SignIn.parseServer(server.get()))) {
                ImGui.pushTextWrapPos(ImGui.getCursorPosX() + WIDTH);
                Theme.text(Theme.WARNING, m.get("login.plaintext"));
                ImGui.popTextWrapPos();
            }
        } catch (ApiException notAUrlYet) {
            // still being typed: the submit reports it
        }
    }

    private void rememberMe(Messages m) {
        CredentialVault vault = ui.context().vault();
        if (vault.available()) {
            ImGui.checkbox(m.get("login.remember") + "##login.remember", remember);
            UiProbe.mark("login.remember");
            return;
        }
        ImGui.beginDisabled();
        ImGui.checkbox(m.get("login.remember") + "##login.remember", false);
        ImGui.endDisabled();
        UiProbe.mark("login.remember");
        ImGui.pushTextWrapPos(ImGui.getCursorPosX() + WIDTH);
        Theme.text(Theme.MUTED, m.get("login.remember.unavailable", vault.unavailableReason()));
        ImGui.popTextWrapPos();
    }

    /** Sends the sign-in in the background; the password field is emptied at once. */
    void submit() {
        Messages m = ui.messages();
        String url = server.get().strip();
        String user = username.get().strip();
        char[] pass = password.get().toCharArray();
        password.set("");
        if (url.isEmpty() || user.isEmpty() || pass.length == 0) {
            error = m.get("login.missing");
            Arrays.fill(pass, '\0');
            return;
        }
        busy = true;
        error = null;
        boolean keep = remember.get() && ui.context().vault().available();
        ui.tasks().run(() -> ui.signInService().login(url, user, pass, keep), account -> {
            busy = false;
            ui.signedIn(account);
        }, e -> {
            busy = false;
            error = m.error(e);
        });
    }

    void resuming(boolean on) {
        resuming = on;
    }

    void showError(String message) {
        error = message;
    }

    /** The error shown under the form, or null. */
    public String error() {
        return error;
    }

    public boolean busy() {
        return busy;
    }

    public String serverText() {
        return server.get();
    }

    public String usernameText() {
        return username.get();
    }

    /** Length of what is typed in the password field (its text is never exposed). */
    public int passwordLength() {
        return password.get().length();
    }

    public boolean rememberChecked() {
        return remember.get();
    }

    /** Fills the form (used by the window test harness to sign in without typing). */
    public void fill(String serverUrl, String user, String pass) {
        server.set(serverUrl);
        username.set(user);
        password.set(pass);
    }
}
