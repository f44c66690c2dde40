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
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The audit page pages by cursor: older, newer and newest links, and a total that says when it is an estimate. */
@ExtendWith(VertxExtension.class)
class AuditPagingTest {

    private static final Pattern TARGET = Pattern.compile("paging-(\\d+)");
    private static final Pattern OLDER = Pattern.compile("href=\"([^\"]+)\" rel=\"next\"");
    private static final Pattern NEWER = Pattern.compile("href=\"([^\"]+)\" rel=\"prev\"");
    private static TestServer t;
    private static Browser admin;

    @BeforeAll
    static void start(Vertx vertx) {
        t = TestServer.start(vertx, "auditpaging");
        t.createUser("paging_admin", "paging admin password", "admin");
        admin = Browser.signIn(t, "paging_admin", "paging admin password");
        t.db.update("INSERT INTO audit_events (occurred_at, action, target_type, target_id, outcome) SELECT "
                + "now() - i * interval '1 minute', 'paging.test', 'thing', 'paging-' || i, 'success' FROM generate_series(1, 60) AS i");
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static List<Integer> shown(String html) {
        List<Integer> out = new ArrayList<>();
        Matcher m = TARGET.matcher(html);
        while (m.find()) {
            out.add(Integer.parseInt(m.group(1)));
        }
        return out;
    }

    private static String link(Pattern p, String html) {
        Matcher m = p.matcher(html);
        return m.find() ? m.group(1).replace("&amp;", "&") : null;
    }

    private static String page(String path) {
        HttpResponse<Buffer> r = admin.get(path);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        return r.bodyAsString();
    }

    @Test
    @DisplayName("older and newer links walk the trail by cursor, 25 events a page, and lead back to the same first page")
    void walk() {
        String first = page("/admin/audit?action=paging.test");
        assertEquals(range(1, 25), shown(first));
        assertTrue(first.contains("60 events match"), "counted: under 10,000");
        assertTrue(link(NEWER, first) == null, "nothing newer than the first page");
        String second = page(link(OLDER, first));
        assertEquals(range(26, 50), shown(second));
        assertTrue(second.contains("action=paging.test"), "links keep the filter");
        String third = page(link(OLDER, second));
        assertEquals(range(51, 60), shown(third));
        assertTrue(link(OLDER, third) == null, "nothing older than the last page");
        assertEquals(range(26, 50), shown(page(link(NEWER, third))));
        assertEquals(range(1, 25), shown(page(link(NEWER, second))));
        assertTrue(third.contains("Newest"), "a way back to the top");
    }

    @Test
    @DisplayName("beyond 10,000 matches the page says the total is an estimate, in English and in Korean")
    void estimatedTotal() {
        t.db.update("INSERT INTO audit_events (occurred_at, action, outcome) SELECT now() - i * interval '1 second', "
                + "'paging.bulk', 'success' FROM generate_series(1, 10100) AS i");
        String en = page("/admin/audit?action=paging.bulk");
        assertTrue(en.contains("About "), "labelled as an estimate");
        assertFalse(en.contains("10,100 events match"), "not presented as counted");
        String ko = admin.withCookie(t.http.get("/admin/audit?action=paging.bulk")).putHeader("Accept-Language", "ko").send().await()
                .bodyAsString();
        assertTrue(ko.contains("일치하는 이벤트 약 "), "Korean says 'about' too");
        assertTrue(ko.contains("더 이전"), "the Korean 'older' link");
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }
}
