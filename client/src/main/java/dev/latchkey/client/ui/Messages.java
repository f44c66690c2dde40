package dev.latchkey.client.ui;

import dev.latchkey.client.http.ApiException;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** The UI's words in the chosen language ({@code en} or {@code ko}); bundles are UTF-8 properties files. */
public final class Messages {

    public static final List<String> LANGUAGES = List.of("en", "ko");
    private static final String BUNDLE = "dev.latchkey.client.ui.messages";

    private String language;
    private ResourceBundle bundle;

    public Messages(String language) {
        use(language);
    }

    public void use(String lang) {
        this.language = LANGUAGES.contains(lang) ? lang : "en";
        // No fallback to the JVM's default locale: "en" must mean the base bundle even on a Korean system.
        this.bundle = ResourceBundle.getBundle(BUNDLE, Locale.forLanguageTag(language),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    public String language() {
        return language;
    }

    /** The text for {@code key}, with {@code {0}}-style arguments; the key itself when missing. */
    public String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, bundle.getLocale()).format(args);
    }

    public boolean has(String key) {
        return bundle.containsKey(key);
    }

    /** A sentence for the user about {@code e}: the server's code translated, else the code and its message. */
    public String error(ApiException e) {
        String key = "error." + e.code();
        Object[] args = {e.code(), e.getMessage(), e.retryAfterSeconds()};
        return has(key) ? get(key, args) : get("error.unknown", args);
    }

    /** Every key and text of the current language (for building the font's glyph set). */
    public String allText() {
        StringBuilder b = new StringBuilder();
        for (String k : bundle.keySet()) {
            b.append(bundle.getString(k));
        }
        return b.toString();
    }

    /** All texts of all languages. */
    public static String everyLanguage() {
        StringBuilder b = new StringBuilder();
        for (String lang : LANGUAGES) {
            b.append(new Messages(lang).allText());
        }
        return b.toString();
    }
}
