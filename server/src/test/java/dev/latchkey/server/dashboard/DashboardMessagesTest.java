package dev.latchkey.server.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The words of the dashboard: every message a template, script or page class uses exists in English and Korean. */
class DashboardMessagesTest {

    private static final Path MAIN = Path.of(System.getProperty("user.dir"), "src/main/java/dev/latchkey/server/dashboard");
    private static final I18n I18N = I18n.load();

    private static String resource(String name) throws IOException {
        try (InputStream in = DashboardMessagesTest.class.getClassLoader().getResourceAsStream("web-admin/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Set<String> matches(Pattern p, String text, String prefix) {
        Set<String> out = new TreeSet<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(prefix + m.group(1));
        }
        return out;
    }

    @Test
    @DisplayName("English and Korean hold the same keys, and Korean is really Korean")
    void bundlesMatch() {
        int same = 0;
        for (String key : I18N.keys()) {
            String en = I18N.text("en", key);
            String ko = I18N.text("ko", key);
            assertFalse(ko.isBlank(), key);
            if (en.equals(ko)) {
                same++;
                assertTrue(Set.of("overview.api", "kind.api", "role.vip", "users.filter.vip").contains(key), "untranslated: " + key);
            }
        }
        assertTrue(same <= 4);
        assertTrue(I18N.keys().size() > 300);
    }

    @Test
    @DisplayName("every message key used by a template, a script or a page class exists")
    void everyKeyExists() throws IOException {
        Set<String> used = new TreeSet<>();
        for (String template : Views.TEMPLATES) {
            String text = resource("templates/" + template + ".ftlh");
            used.addAll(matches(Pattern.compile("t\\(\"([A-Za-z0-9_.]+)\"[,)]"), text, ""));
        }
        used.addAll(matches(Pattern.compile("t\\(\"([A-Za-z0-9_.]+)\"[,)]"), resource("templates/layout.ftlh"), ""));
        for (String asset : Assets.FILES) {
            if (asset.endsWith(".js")) {
                used.addAll(matches(Pattern.compile("LK\\.t\\('([a-z0-9_.]+)'[,)]"), resource("static/" + asset), "js."));
            }
        }
        try (Stream<Path> classes = Files.list(MAIN)) {
            for (Path p : classes.toList()) {
                used.addAll(matches(Pattern.compile("\"((?:flash|login|error)\\.[A-Za-z_]+)\""), Files.readString(p), ""));
            }
        }
        assertTrue(used.size() > 250, "found " + used.size());
        Set<String> missing = new TreeSet<>(used);
        missing.removeIf(I18N::has);
        assertEquals(Set.of(), missing);

        List<String> dynamic = List.of("status.active", "status.suspended", "status.revoked", "status.expired", "status.published",
                "status.yanked", "kind.web", "kind.client", "kind.api", "role.user", "role.vip", "role.admin", "js.outcome.success",
                "js.outcome.failure", "js.outcome.denied", "js.live.live", "js.live.reconnecting", "js.live.offline",
                "js.live.signed_out", "js.expiry.within_7d", "js.expiry.never", "devices.state.online", "users.filter.flagged",
                "js.action.auth.client_login", "js.action.file.upload", "js.target.user", "hwid.admin_reset");
        dynamic.forEach(k -> assertTrue(I18N.has(k), k));
    }

    @Test
    @DisplayName("no template turns escaping off")
    void escapingStaysOn() throws IOException {
        for (String template : Stream.concat(Views.TEMPLATES.stream(), Stream.of("layout")).toList()) {
            String text = resource("templates/" + template + ".ftlh");
            assertFalse(text.contains("no_esc"), template);
            assertFalse(text.contains("noautoesc"), template);
            assertFalse(text.contains("outputformat"), template);
        }
    }

    @Test
    @DisplayName("the language comes from Accept-Language by preference, English when nothing fits")
    void acceptLanguage() {
        assertEquals("ko", I18n.fromAcceptLanguage("ko-KR,ko;q=0.9,en-US;q=0.8"));
        assertEquals("en", I18n.fromAcceptLanguage("en-US,ko;q=0.3"));
        assertEquals("ko", I18n.fromAcceptLanguage("fr;q=1.0,ko;q=0.5"));
        assertEquals("en", I18n.fromAcceptLanguage("fr-FR"));
        assertEquals("en", I18n.fromAcceptLanguage(null));
        assertEquals("Page 2 of 7", I18N.text("en", "pager.page", 2, 7));
        assertEquals("7페이지 중 2페이지", I18N.text("ko", "pager.page", 2, 7));
    }
}
