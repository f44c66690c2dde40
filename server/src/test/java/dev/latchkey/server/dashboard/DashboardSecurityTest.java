package dev.latchkey.server.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.server.accounts.User;
import dev.latchkey.server.support.Hwids;
import dev.latchkey.server.support.TestServer;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The dashboard's security rules, over HTTP: who gets in, CSRF, headers, escaping. */
@ExtendWith(VertxExtension.class)
class DashboardSecurityTest {

    private static final String PASSWORD = "admin password 1";
    private static TestServer t;
    private static Browser admin;

    @BeforeAll
    static void start(Vertx vertx) {
        t = TestServer.start(vertx, "dashsec");
        t.createUser("root_admin", PASSWORD, "admin");
        admin = Browser.signIn(t, "root_admin", PASSWORD);
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static boolean blocked(User u) {
        return (Boolean) t.db.query("SELECT blocked FROM users WHERE id = ?", u.id()).get(0).get("blocked");
    }

    @Test
    @DisplayName("a form action without the session's CSRF token is refused with 403 and changes nothing; with it, it works")
    void csrfRequired() {
        User bob = t.createUser("csrf_bob", "password-of-bob", "user");
        String path = "/admin/users/" + bob.id() + "/block";

        HttpResponse<Buffer> none = admin.post(path, MultiMap.caseInsensitiveMultiMap());
        assertEquals(403, none.statusCode(), none.bodyAsString());
        HttpResponse<Buffer> wrong = admin.post(path, MultiMap.caseInsensitiveMultiMap().add("csrf", "x".repeat(43)));
        assertEquals(403, wrong.statusCode());
        Browser other = Browser.signIn(t, "root_admin", PASSWORD);
        HttpResponse<Buffer> foreign = admin.post(path, MultiMap.caseInsensitiveMultiMap().add("csrf", other.csrf()));
        assertEquals(403, foreign.statusCode(), "a token of another session is no good");
        HttpResponse<Buffer> overGet = admin.get(path);
        assertTrue(overGet.statusCode() >= 400, "no state change over GET: " + overGet.statusCode());
        assertFalse(blocked(bob));

        HttpResponse<Buffer> ok = admin.postWithToken(path, MultiMap.caseInsensitiveMultiMap().add("back", "/admin/users"));
        assertEquals(303, ok.statusCode(), ok.bodyAsString());
        assertEquals("/admin/users", ok.getHeader("Location"));
        assertTrue(blocked(bob));
        assertEquals(1, t.audit("user.block").size(), "audited as through the REST API");
    }

    @Test
    @DisplayName("the CSRF token in the X-CSRF-Token header is accepted too, and a foreign back location is ignored")
    void csrfHeaderAndLocalRedirect() {
        User carol = t.createUser("csrf_carol", "password-of-carol", "user");
        HttpResponse<Buffer> r = admin.withCookie(t.http.post("/admin/users/" + carol.id() + "/block"))
                .putHeader("X-CSRF-Token", admin.csrf())
                .sendForm(MultiMap.caseInsensitiveMultiMap().add("back", "https://evil.example/admin")).await();
        assertEquals(303, r.statusCode(), r.bodyAsString());
        assertEquals("/admin/users/" + carol.id(), r.getHeader("Location"));
        assertTrue(blocked(carol));
    }

    @Test
    @DisplayName("desktop and automation bearer tokens do not open /admin, nor does a non-admin's session")
    void onlyAdminCookies() {
        t.createUser("desk_admin", PASSWORD, "admin");
        JsonObject pair = t.postJson("/auth/client/login", new JsonObject().put("username", "desk_admin").put("password", PASSWORD)
                .put("hwid", Hwids.machine("desk-admin"))).bodyAsJsonObject();
        String desktop = pair.getString("access_token");
        assertNotNull(desktop);
        String api = t.adminToken("desk_admin", PASSWORD);
        for (String bearer : List.of(desktop, api)) {
            HttpResponse<Buffer> page = t.http.get("/admin").putHeader("Authorization", "Bearer " + bearer).send().await();
            assertEquals(303, page.statusCode());
            assertEquals("/admin/login", page.getHeader("Location"));
            HttpResponse<Buffer> users = t.http.get("/admin/users").putHeader("Authorization", "Bearer " + bearer).send().await();
            assertEquals(303, users.statusCode());
            HttpResponse<Buffer> events = t.http.get("/admin/events").putHeader("Authorization", "Bearer " + bearer)
                    .putHeader("Accept", "text/event-stream").send().await();
            assertEquals(401, events.statusCode());
        }
        HttpResponse<Buffer> inUrl = t.http.get("/admin/events?access_token=" + desktop).putHeader("Accept", "text/event-stream").send().await();
        assertEquals(401, inUrl.statusCode(), "no token in the URL");

        t.createUser("plain_user", PASSWORD, "user");
        Browser user = Browser.signIn(t, "plain_user", PASSWORD);
        assertEquals(403, user.get("/admin").statusCode());
        assertEquals(403, user.get("/admin/users").statusCode());
    }

    @Test
    @DisplayName("the sign-in page admits administrators only and sets the same session cookie as /auth/login")
    void signInPage() {
        t.createUser("not_admin", PASSWORD, "user");
        HttpResponse<Buffer> form = t.http.get("/admin/login").send().await();
        assertEquals(200, form.statusCode());
        String pre = cookie(form, "__Host-lk_pre");
        String token = field(form.bodyAsString(), "csrf");

        HttpResponse<Buffer> refused = t.http.post("/admin/login").putHeader("Cookie", "__Host-lk_pre=" + pre)
                .sendForm(MultiMap.caseInsensitiveMultiMap().add("username", "not_admin").add("password", PASSWORD).add("csrf", token))
                .await();
        assertEquals(403, refused.statusCode());
        assertTrue(refused.cookies().stream().noneMatch(c -> c.startsWith("__Host-lk_session=") && !c.startsWith("__Host-lk_session=;")));
        assertEquals(0L, t.db.query("SELECT count(*) AS n FROM sessions s JOIN users u ON u.id = s.user_id "
                + "WHERE u.username = 'not_admin' AND s.revoked_at IS NULL").get(0).get("n"), "the session made for the check was ended");

        HttpResponse<Buffer> noToken = t.http.post("/admin/login").putHeader("Cookie", "__Host-lk_pre=" + pre)
                .sendForm(MultiMap.caseInsensitiveMultiMap().add("username", "root_admin").add("password", PASSWORD)).await();
        assertEquals(403, noToken.statusCode(), "sign-in CSRF: the form's token is required");

        HttpResponse<Buffer> ok = t.http.post("/admin/login").putHeader("Cookie", "__Host-lk_pre=" + pre)
                .sendForm(MultiMap.caseInsensitiveMultiMap().add("username", "root_admin").add("password", PASSWORD).add("csrf", token))
                .await();
        assertEquals(303, ok.statusCode(), ok.bodyAsString());
        String header = ok.cookies().stream().filter(c -> c.startsWith("__Host-lk_session=")).findFirst().orElseThrow().toLowerCase();
        assertTrue(header.contains("; secure") && header.contains("; httponly") && header.contains("; samesite=strict")
                && header.contains("; path=/"), header);
    }

    @Test
    @DisplayName("<script> typed as a username, and in every free-text field, is rendered as text, never as markup")
    void userTextIsEscaped() {
        String attack = "<script>alert(1)</script>";
        HttpResponse<Buffer> form = t.http.get("/admin/login").send().await();
        String pre = cookie(form, "__Host-lk_pre");
        HttpResponse<Buffer> login = t.http.post("/admin/login").putHeader("Cookie", "__Host-lk_pre=" + pre)
                .sendForm(MultiMap.caseInsensitiveMultiMap().add("username", attack).add("password", PASSWORD)
                        .add("csrf", field(form.bodyAsString(), "csrf"))).await();
        assertEquals(401, login.statusCode());
        assertInert(login.bodyAsString(), attack);
        assertTrue(login.bodyAsString().contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\""), "the typed username is shown, escaped");

        User eve = t.createUser("eve_xss", PASSWORD, "user");
        t.services().users().update(eve.id(), dev.latchkey.server.accounts.UserService.Change.of(null, null, null, true,
                attack + "@evil.example", null), new dev.latchkey.server.accounts.UserService.Actor(null, "test",
                dev.latchkey.server.http.ClientInfo.local("test"))).await();
        t.postJson("/auth/client/login", new JsonObject().put("username", "eve_xss").put("password", PASSWORD)
                .put("hwid", Hwids.machine("eve")).put("device_name", "<img src=x onerror=alert(2)>"));
        MultiMap product = MultiMap.caseInsensitiveMultiMap().add("name", attack).add("heartbeat_interval", "300")
                .add("grace_period", "1800").add("seat_timeout", "86400").add("description", "\"><svg onload=alert(3)>");
        assertEquals(303, admin.postWithToken("/admin/products", product).statusCode());

        for (String page : List.of("/admin/users", "/admin/users/" + eve.id(), "/admin/devices", "/admin/products", "/admin/audit",
                "/admin/sessions", "/admin", "/admin/licenses")) {
            HttpResponse<Buffer> r = admin.get(page);
            assertEquals(200, r.statusCode(), page);
            String html = r.bodyAsString();
            assertInert(html, attack);
            assertFalse(html.contains("<img src=x"), page);
            assertFalse(html.contains("<svg onload"), page);
        }
        assertTrue(admin.get("/admin/devices").bodyAsString().contains("&lt;img src=x onerror=alert(2)&gt;"));
        assertTrue(admin.get("/admin/products").bodyAsString().contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    @Test
    @DisplayName("every page is sent with a CSP that forbids inline script and framing, and has no inline script or handler")
    void headersAndNoInlineScript() {
        for (String page : List.of("/admin", "/admin/", "/admin/users", "/admin/licenses", "/admin/products", "/admin/devices",
                "/admin/sessions", "/admin/files", "/admin/blocklist", "/admin/audit")) {
            HttpResponse<Buffer> r = admin.get(page);
            assertEquals(200, r.statusCode(), page + ": " + r.bodyAsString());
            String csp = r.getHeader("Content-Security-Policy");
            assertNotNull(csp, page);
            assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
            assertTrue(csp.contains("frame-ancestors 'none'"), csp);
            assertEquals("nosniff", r.getHeader("X-Content-Type-Options"));
            assertEquals("no-referrer", r.getHeader("Referrer-Policy"));
            assertEquals("no-store", r.getHeader("Cache-Control"));
            String html = r.bodyAsString();
            Matcher scripts = Pattern.compile("<script([^>]*)>").matcher(html);
            while (scripts.find()) {
                assertTrue(scripts.group(1).contains("src=\"/admin/static/"), page + ": inline script " + scripts.group());
            }
            assertFalse(Pattern.compile("\\son[a-z]+=", Pattern.CASE_INSENSITIVE).matcher(html).find(), page + " has an inline handler");
            assertFalse(html.contains("style=\""), page + " has an inline style");
        }
    }

    @Test
    @DisplayName("the page language follows the cookie, else Accept-Language, else English")
    void language() {
        HttpResponse<Buffer> ko = admin.withCookie(t.http.get("/admin/users")).putHeader("Accept-Language", "ko-KR,ko;q=0.9,en;q=0.5")
                .send().await();
        assertTrue(ko.bodyAsString().contains("<html lang=\"ko\">"));
        assertTrue(ko.bodyAsString().contains("사용자"));
        HttpResponse<Buffer> en = admin.withCookie(t.http.get("/admin/users")).putHeader("Accept-Language", "fr-FR,fr;q=0.9").send().await();
        assertTrue(en.bodyAsString().contains("<html lang=\"en\">"));

        HttpResponse<Buffer> set = admin.postWithToken("/admin/lang", MultiMap.caseInsensitiveMultiMap().add("lang", "ko")
                .add("back", "/admin/users"));
        assertEquals(303, set.statusCode());
        String cookie = set.cookies().stream().filter(c -> c.startsWith("lk_lang=ko")).findFirst().orElseThrow();
        HttpResponse<Buffer> chosen = t.http.get("/admin/users").putHeader("Cookie", "__Host-lk_session=" + admin.session + "; "
                + cookie.substring(0, cookie.indexOf(';'))).putHeader("Accept-Language", "en").send().await();
        assertTrue(chosen.bodyAsString().contains("<html lang=\"ko\">"), "the cookie wins over Accept-Language");
    }

    private static void assertInert(String html, String attack) {
        assertFalse(html.contains(attack), "raw markup in the page");
    }

    static String cookie(HttpResponse<Buffer> r, String name) {
        String c = r.cookies().stream().filter(x -> x.startsWith(name + "=")).findFirst().orElseThrow();
        return c.substring(name.length() + 1, c.indexOf(';'));
    }

    static String field(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
        assertTrue(m.find(), "field " + name);
        return m.group(1);
    }
}
