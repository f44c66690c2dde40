package dev.latchkey.client.ui;

import dev.latchkey.client.account.Account;
import dev.latchkey.client.account.ClientContext;
import dev.latchkey.client.account.SignIn;
import dev.latchkey.client.http.ApiException;
import dev.latchkey.client.plugins.PluginConsole;
import dev.latchkey.client.plugins.PluginRuntime;
import dev.latchkey.plugins.host.PluginFailure;
import dev.latchkey.plugins.host.PluginObserver;
import imgui.ImGui;
import imgui.flag.ImGuiWindowFlags;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The UI's root, independent of the window system: the login screen until signed in, then the main
 * screen, and toasts over both. {@link #draw} runs inside an ImGui frame on the UI thread; it first
 * applies results that background work posted, then only draws.
 */
public final class ClientUi implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ClientUi.class.getName());
    private static final int ROOT_FLAGS = ImGuiWindowFlags.NoDecoration | ImGuiWindowFlags.NoMove
            | ImGuiWindowFlags.NoSavedSettings | ImGuiWindowFlags.NoBringToFrontOnFocus;

    private final ClientContext context;
    private final UiInbox inbox = new UiInbox();
    private final Tasks tasks;
    private final Messages messages;
    private final Toasts toasts = new Toasts();
    private final PluginConsole console = new PluginConsole(500, null);
    private final SignIn signIn;
    private final LoginScreen login;
    private boolean koreanFont = true;

    private Account account;
    private PluginRuntime runtime;
    private MainScreen main;

    public ClientUi(ClientContext context) {
        this.context = context;
        this.tasks = new Tasks(context.background().io(), inbox);
        this.messages = new Messages(context.settings().get().language());
        this.signIn = new SignIn(context);
        this.login = new LoginScreen(this);
    }

    /** Tells the UI whether a Hangul font was loaded (Korean is offered only then). */
    public void setKoreanFont(boolean available) {
        this.koreanFont = available;
        if (!available && "ko".equals(messages.language())) {
            messages.use("en");
        }
    }

    /** Tries the remembered session in the background; the login screen shows that it is resuming. */
    public void resumeRememberedSession() {
        login.resuming(true);
        tasks.run(signIn::resume, found -> {
            login.resuming(false);
            found.ifPresent(this::signedIn);
        }, e -> {
            login.resuming(false);
            login.showError(messages.error(e));
        });
    }

    /** Draws one frame's worth of UI. */
    public void draw() {
        inbox.drain();
        var io = ImGui.getIO();
        ImGui.setNextWindowPos(0, 0);
        ImGui.setNextWindowSize(io.getDisplaySizeX(), io.getDisplaySizeY());
        if (ImGui.begin("Latchkey##root", ROOT_FLAGS)) {
            if (main == null) {
                login.process();
            } else {
                main.process();
            }
        }
        ImGui.end();
        toasts.process();
    }

    /** UI thread: a sign-in succeeded. Starts the plugin host in the background. */
    void signedIn(Account a) {
        account = a;
        main = new MainScreen(this, a);
        a.api().session().onEnded(e -> inbox.post(() -> sessionEnded(a, e)));
        PluginObserver observer = new PluginObserver() {
            @Override
            public void pluginFailed(PluginFailure f) {
                inbox.post(() -> toasts.show(f.plugin(), f.reason()));
            }
        };
        tasks.run(() -> PluginRuntime.start(a, context.paths(), context.settings().get().disabledPlugins(), console,
                        (plugin, title, text) -> inbox.post(() -> toasts.show(title, text)), observer),
                rt -> {
                    if (account == a) {
                        runtime = rt;
                    } else {
                        context.background().io().execute(rt::close);
                    }
                },
                e -> toasts.show(messages.get("tab.plugins"), messages.error(e)));
    }

    /** UI thread: the user asked to sign out. */
    void signOut() {
        Account a = account;
        PluginRuntime rt = runtime;
        leave();
        tasks.run(() -> {
            if (rt != null) {
                rt.close();
            }
            signIn.logout(a);
            return null;
        }, ok -> { }, e -> LOG.info("sign-out request failed: " + e.code()));
    }

    /** UI thread: the server ended the session (refresh refused, revoked): back to sign-in with the reason. */
    private void sessionEnded(Account a, ApiException reason) {
        if (account != a) {
            return;
        }
        PluginRuntime rt = runtime;
        leave();
        if (rt != null) {
            context.background().io().execute(rt::close);
        }
        login.showError(messages.get("login.ended", reason.code()));
    }

    private void leave() {
        account = null;
        runtime = null;
        main = null;
        console.clear();
    }

    /** UI thread: switches the language and remembers it. */
    void useLanguage(String language) {
        messages.use(language);
        context.background().io().execute(() -> context.settings().update(s -> s.withLanguage(language)));
    }

    public Messages messages() {
        return messages;
    }

    public Tasks tasks() {
        return tasks;
    }

    public UiInbox inbox() {
        return inbox;
    }

    public Toasts toasts() {
        return toasts;
    }

    public ClientContext context() {
        return context;
    }

    public PluginConsole console() {
        return console;
    }

    public SignIn signInService() {
        return signIn;
    }

    public boolean koreanFont() {
        return koreanFont;
    }

    public LoginScreen loginScreen() {
        return login;
    }

    /** The main screen, when signed in. */
    public Optional<MainScreen> mainScreen() {
        return Optional.ofNullable(main);
    }

    public Optional<PluginRuntime> runtime() {
        return Optional.ofNullable(runtime);
    }

    public Optional<Account> account() {
        return Optional.ofNullable(account);
    }

    @Override
    public void close() {
        if (runtime != null) {
            try {
                runtime.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "plugin host did not stop cleanly", e);
            }
        }
    }
}
