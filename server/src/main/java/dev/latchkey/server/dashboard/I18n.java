package dev.latchkey.server.dashboard;

import io.vertx.core.http.Cookie;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The dashboard's words in English and Korean ({@code web-admin/i18n/messages_<lang>.properties}, UTF-8),
 * and which language a request gets: the {@value #COOKIE} cookie when set, else the best of the browser's
 * {@code Accept-Language}, else English. Both bundles must hold exactly the same keys, or the server does not start.
 */
final class I18n {

    static final String COOKIE = "lk_lang";
    static final List<String> LANGUAGES = List.of("en", "ko");
    static final String DEFAULT = "en";
    /** Keys under this prefix are handed to the page's scripts. */
    static final String SCRIPT_PREFIX = "js.";

    private final Map<String, Map<String, String>> bundles;

    private I18n(Map<String, Map<String, String>> bundles) {
        this.bundles = bundles;
    }

    static I18n load() {
        Map<String, Map<String, String>> bundles = new TreeMap<>();
        for (String lang : LANGUAGES) {
            bundles.put(lang, read("web-admin/i18n/messages_" + lang + ".properties"));
        }
        var reference = bundles.get(DEFAULT).keySet();
        for (String lang : LANGUAGES) {
            if (!bundles.get(lang).keySet().equals(reference)) {
                var missing = new TreeSet<>(reference);
                missing.removeAll(bundles.get(lang).keySet());
                var extra = new TreeSet<>(bundles.get(lang).keySet());
                extra.removeAll(reference);
                throw new IllegalStateException("Dashboard messages_" + lang + " differs from messages_" + DEFAULT
                        + ": missing " + missing + ", extra " + extra);
            }
        }
        return new I18n(bundles);
    }

    private static Map<String, String> read(String resource) {
        try (InputStream in = I18n.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath (module web-admin)");
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> out = new TreeMap<>();
            p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of {@code key} with {@code {0}}, {@code {1}}... replaced; the key itself when unknown. */
    String text(String lang, String key, Object... args) {
        String s = bundles.getOrDefault(lang, bundles.get(DEFAULT)).get(key);
        if (s == null) {
            return key;
        }
        for (int i = 0; i < args.length; i++) {
            s = s.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return s;
    }

    boolean has(String key) {
        return bundles.get(DEFAULT).containsKey(key);
    }

    java.util.Set<String> keys() {
        return bundles.get(DEFAULT).keySet();
    }

    /** What the page's scripts get: the {@code js.*} messages without the prefix, and the {@code error.*} ones. */
    JsonObject scriptTexts(String lang) {
        JsonObject o = new JsonObject();
        bundles.get(lang).forEach((k, v) -> {
            if (k.startsWith(SCRIPT_PREFIX)) {
                o.put(k.substring(SCRIPT_PREFIX.length()), v);
            } else if (k.startsWith("error.")) {
                o.put(k, v);
            }
        });
        return o;
    }

    static boolean supported(String lang) {
        return lang != null && LANGUAGES.contains(lang);
    }

    /** The language of this request. */
    static String of(RoutingContext ctx) {
        Cookie c = ctx.request().getCookie(COOKIE);
        if (c != null && supported(c.getValue())) {
            return c.getValue();
        }
        return fromAcceptLanguage(ctx.request().getHeader("Accept-Language"));
    }

    /** The supported language the browser prefers most (highest q, then order), or English. */
    static String fromAcceptLanguage(String header) {
        if (header == null || header.isBlank() || header.length() > 1000) {
            return DEFAULT;
        }
        String best = DEFAULT;
        double bestQ = -1;
        for (String part : header.split(",")) {
            String[] pieces = part.trim().split(";");
            String tag = pieces[0].trim().toLowerCase(Locale.ROOT);
            double q = 1.0;
            for (int i = 1; i < pieces.length; i++) {
                String p = pieces[i].trim();
                if (p.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            String primary = tag.split("-")[0];
            if (supported(primary) && q > bestQ) {
                best = primary;
                bestQ = q;
            }
        }
        return best;
    }
}
