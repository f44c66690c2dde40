package dev.latchkey.server.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.latchkey.server.auth.Authenticator;
import dev.latchkey.server.http.ClientInfo;
import dev.latchkey.server.support.TestServer;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A dashboard visitor as the HTTP tests play it: a web session cookie, the page's CSRF token, form posts. */
final class Browser {

    private static final Pattern CSRF = Pattern.compile("data-csrf=\"([A-Za-z0-9_-]+)\"");

    private final TestServer t;
    final String session;
    private String csrf;

    private Browser(TestServer t, String session) {
        this.t = t;
        this.session = session;
    }

    /** Signs in through the auth service (as POST /admin/login does) and keeps the cookie value. */
    static Browser signIn(TestServer t, String username, String password) {
        String token = t.services().auth().webLogin(username, password, ClientInfo.local("test")).await().session().token();
        return new Browser(t, token);
    }

    HttpRequest<Buffer> withCookie(HttpRequest<Buffer> r) {
        return r.putHeader("Cookie", Authenticator.COOKIE + "=" + session);
    }

    HttpResponse<Buffer> get(String path) {
        return withCookie(t.http.get(path)).send().await();
    }

    /** The CSRF token of this session, as a page hands it to its forms. */
    String csrf() {
        if (csrf == null) {
            HttpResponse<Buffer> page = get("/admin");
            assertEquals(200, page.statusCode(), page.bodyAsString());
            Matcher m = CSRF.matcher(page.bodyAsString());
            assertNotNull(m.find() ? m.group(1) : null, "the page carries a CSRF token");
            csrf = m.group(1);
        }
        return csrf;
    }

    HttpResponse<Buffer> post(String path, MultiMap form) {
        return withCookie(t.http.post(path)).sendForm(form).await();
    }

    HttpResponse<Buffer> postWithToken(String path, MultiMap form) {
        MultiMap f = MultiMap.caseInsensitiveMultiMap().addAll(form).set("csrf", csrf());
        return post(path, f);
    }
}
