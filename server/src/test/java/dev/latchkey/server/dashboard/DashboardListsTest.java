package dev.latchkey.server.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.server.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dashboard's large lists page by cursor: next, previous and first links instead of page numbers, and a
 * total that says whether it is exact, in English and Korean. 60 users, each with a device, a session and a license.
 */
@ExtendWith(VertxExtension.class)
class DashboardListsTest {

    private static final String PASSWORD = "admin password 5";
    private static final Pattern USER_LINK = Pattern.compile("<a class=\"strong\" href=\"/admin/users/([0-9a-f-]{36})\">");
    private static TestServer t;
    private static Browser admin;

    @BeforeAll
    static void start(Vertx vertx) {
        t = TestServer.start(vertx, "dashlists");
        t.createUser("lists_admin", PASSWORD, "admin");
        admin = Browser.signIn(t, "lists_admin", PASSWORD);
        t.db.update("INSERT INTO users (id, username, password_hash, created_at) SELECT md5('u' || i)::uuid, 'paged_' || i, 'x', "
                + "now() - i * interval '1 minute' FROM generate_series(1, 60) AS i");
        t.db.update("INSERT INTO devices (id, user_id, name, components) SELECT md5('d' || i)::uuid, md5('u' || i)::uuid, 'PC-' || i, "
                + "jsonb_build_object('cpu', encode(sha256(i::text::bytea), 'hex')) FROM generate_series(1, 60) AS i");
        t.db.update("INSERT INTO sessions (id, user_id, kind, device_id, expires_at) SELECT md5('s' || i)::uuid, md5('u' || i)::uuid, "
                + "'client', md5('d' || i)::uuid, now() + interval '1 day' FROM generate_series(1, 60) AS i");
        t.db.update("INSERT INTO products (id, name) VALUES ('00000000-0000-0000-0000-0000000000a1', 'Paged')");
        t.db.update("INSERT INTO licenses (id, product_id, key_hash, key_last4, user_id) SELECT md5('l' || i)::uuid, "
                + "'00000000-0000-0000-0000-0000000000a1', sha256(i::text::bytea), 'ABCD', md5('u' || i)::uuid FROM generate_series(1, 60) AS i");
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static String page(String path) {
        HttpResponse<Buffer> r = admin.get(path);
        assertEquals(200, r.statusCode(), path + ": " + r.bodyAsString());
        return r.bodyAsString();
    }

    private static String link(String html, String rel) {
        Matcher m = Pattern.compile("href=\"([^\"]+)\" rel=\"" + rel + "\"").matcher(html);
        return m.find() ? m.group(1).replace("&amp;", "&") : null;
    }

    private static List<String> users(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = USER_LINK.matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    @DisplayName("users: next, previous and first links walk the list without repeats; the total is exact and counted")
    void usersByCursor() {
        String first = page("/admin/users");
        assertTrue(first.contains("data-total=\"exact\">61 in all<"), first);
        assertEquals(null, link(first, "prev"));
        assertEquals(null, link(first, "first"));
        Set<String> seen = new HashSet<>(users(first));
        assertEquals(25, seen.size());

        String second = page(link(first, "next"));
        List<String> secondUsers = users(second);
        assertEquals(25, secondUsers.size());
        secondUsers.forEach(u -> assertTrue(seen.add(u), "a user of the first page came again"));
        String third = page(link(second, "next"));
        users(third).forEach(u -> assertTrue(seen.add(u), "a user of an earlier page came again"));
        assertEquals(61, seen.size());
        assertEquals(null, link(third, "next"), "the last page");

        assertEquals(secondUsers, users(page(link(third, "prev"))));
        assertEquals(users(first), users(page(link(third, "first"))));
        assertEquals(users(first), users(page(link(second, "prev"))));
    }

    @Test
    @DisplayName("sorting starts over from the first page; a search lists its matches with an exact total")
    void sortAndSearch() {
        String second = page(link(page("/admin/users"), "next"));
        Matcher sort = Pattern.compile("href=\"([^\"]*sort=username[^\"]*)\"").matcher(second);
        assertTrue(sort.find());
        assertFalse(sort.group(1).contains("after="), "a new order starts from the top: " + sort.group(1));
        String byName = page(sort.group(1).replace("&amp;", "&"));
        assertTrue(byName.indexOf("paged_1<") < byName.indexOf("paged_10<"), "by name, ascending");
        String found = page("/admin/users?q=paged_5");
        assertTrue(found.contains("data-total=\"exact\">11 in all<"), "paged_5 and paged_50..59");
        assertEquals(11, users(found).size());
    }

    @Test
    @DisplayName("devices, sessions and licenses page the same way, and the pager speaks Korean")
    void otherListsAndKorean() {
        for (String list : List.of("/admin/devices", "/admin/sessions", "/admin/licenses")) {
            String first = page(list);
            assertTrue(first.contains(" in all<"), list);
            String next = link(first, "next");
            assertTrue(next != null && next.contains("after="), list);
            String second = page(next);
            assertTrue(link(second, "prev") != null && link(second, "first") != null, list);
        }
        HttpResponse<Buffer> ko = admin.withCookie(t.http.get("/admin/users")).putHeader("Cookie",
                "lk_lang=ko; " + dev.latchkey.server.auth.Authenticator.COOKIE + "=" + admin.session).send().await();
        assertTrue(ko.bodyAsString().contains("전체 61개"), "Korean total");
        assertTrue(ko.bodyAsString().contains("다음"), "Korean next");
    }
}
