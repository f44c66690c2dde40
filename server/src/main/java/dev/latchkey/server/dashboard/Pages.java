package dev.latchkey.server.dashboard;

import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateScalarModel;
import freemarker.template.TemplateNumberModel;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts together what every page template gets (language, the {@code t} message function, the signed-in
 * admin, the CSRF token, the navigation section, a pending flash message) and renders it.
 */
final class Pages {

    private final Views views;
    private final I18n i18n;
    private final Flash flash;

    Pages(Views views, I18n i18n, Flash flash) {
        this.views = views;
        this.i18n = i18n;
        this.flash = flash;
    }

    I18n i18n() {
        return i18n;
    }

    /** A signed-in page: the flash message left by the last action is shown once. */
    Future<Void> render(RoutingContext ctx, String template, String section, Map<String, Object> model) {
        AdminGate.Admin admin = AdminGate.admin(ctx);
        return flash.take(admin.sessionId()).map(f -> {
            Map<String, Object> m = base(ctx, section, model);
            if (f != null) {
                String lang = (String) m.get("lang");
                String text = i18n.text(lang, f.getString("key"));
                if (f.getString("detail") != null && "en".equals(lang)) {
                    text = text + " (" + f.getString("detail") + ")";
                }
                m.put("flash", Map.of("kind", f.getString("kind"), "text", text));
            }
            views.send(ctx, 200, template, m);
            return null;
        });
    }

    /** A page rendered at once with the given status (sign-in, errors). */
    void renderNow(RoutingContext ctx, int status, String template, String section, Map<String, Object> model) {
        views.send(ctx, status, template, base(ctx, section, model));
    }

    Map<String, Object> base(RoutingContext ctx, String section, Map<String, Object> model) {
        String lang = I18n.of(ctx);
        Map<String, Object> m = new HashMap<>(model);
        m.put("lang", lang);
        m.put("t", new Translate(i18n, lang));
        m.put("label", new Label(i18n, lang));
        m.put("section", section);
        m.put("scriptTexts", i18n.scriptTexts(lang).encode());
        m.put("assetVersion", Assets.version());
        m.put("here", Forms.here(ctx));
        AdminGate.Admin admin = ctx.get(AdminGate.KEY);
        if (admin != null) {
            m.put("admin", Map.of("id", admin.userId().toString(), "username", admin.username()));
            m.put("csrf", admin.csrf());
        }
        return m;
    }

    /** {@code ${t("key")}} or {@code ${t("key", arg, ...)}} in templates. */
    static final class Translate implements TemplateMethodModelEx {
        private final I18n i18n;
        private final String lang;

        Translate(I18n i18n, String lang) {
            this.i18n = i18n;
            this.lang = lang;
        }

        @Override
        public Object exec(@SuppressWarnings("rawtypes") List arguments) throws TemplateModelException {
            if (arguments.isEmpty()) {
                throw new TemplateModelException("t() needs a message key");
            }
            Object[] args = new Object[arguments.size() - 1];
            for (int i = 1; i < arguments.size(); i++) {
                args[i - 1] = unwrap(arguments.get(i));
            }
            return i18n.text(lang, String.valueOf(unwrap(arguments.get(0))), args);
        }

        static Object unwrap(Object o) throws TemplateModelException {
            if (o instanceof TemplateScalarModel s) {
                return s.getAsString();
            }
            if (o instanceof TemplateNumberModel n) {
                return n.getAsNumber();
            }
            return String.valueOf(o);
        }
    }

    /** {@code ${label("js.action.", code)}}: the translation of {@code prefix + code}, or the code itself when there is none. */
    static final class Label implements TemplateMethodModelEx {
        private final I18n i18n;
        private final String lang;

        Label(I18n i18n, String lang) {
            this.i18n = i18n;
            this.lang = lang;
        }

        @Override
        public Object exec(@SuppressWarnings("rawtypes") List arguments) throws TemplateModelException {
            if (arguments.size() != 2) {
                throw new TemplateModelException("label(prefix, code)");
            }
            String code = String.valueOf(Translate.unwrap(arguments.get(1)));
            String key = Translate.unwrap(arguments.get(0)) + code;
            return i18n.has(key) ? i18n.text(lang, key) : code;
        }
    }
}
