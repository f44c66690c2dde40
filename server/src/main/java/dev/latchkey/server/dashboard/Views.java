package dev.latchkey.server.dashboard;

import freemarker.cache.StrongCacheStorage;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Renders the {@code web-admin/templates/*.ftlh} pages. FreeMarker is driven directly (it comes with
 * vertx-web-templ-freemarker) so that the output is always UTF-8 whatever the JVM's default charset, every
 * template is parsed once at start, and nothing is read from disk while serving.
 *
 * <p>{@code .ftlh} turns on HTML auto-escaping: every {@code ${...}} is escaped, so user text (usernames,
 * notes, file names) cannot become markup. Templates must never use {@code ?no_esc} on data.
 */
final class Views {

    /** No inline script or style, nothing from elsewhere, no framing. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    static final List<String> TEMPLATES = List.of("login", "overview", "users", "user", "licenses", "license",
            "license-batch", "products", "devices", "sessions", "files", "blocklist", "audit", "error");

    private final Configuration fm;

    Views() {
        fm = new Configuration(Configuration.VERSION_2_3_33);
        fm.setClassLoaderForTemplateLoading(Views.class.getClassLoader(), "web-admin/templates");
        fm.setDefaultEncoding("UTF-8");
        fm.setOutputEncoding("UTF-8");
        fm.setRecognizeStandardFileExtensions(true);
        fm.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        fm.setLogTemplateExceptions(false);
        fm.setWrapUncheckedExceptions(true);
        fm.setFallbackOnNullLoopVariable(false);
        // Why: templates get data, never the power to create or reach Java objects.
        fm.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        fm.setAPIBuiltinEnabled(false);
        fm.setLocalizedLookup(false);
        fm.setNumberFormat("computer");
        fm.setBooleanFormat("c");
        fm.setCacheStorage(new StrongCacheStorage());
        fm.setTemplateUpdateDelayMilliseconds(Long.MAX_VALUE);
        for (String name : TEMPLATES) {
            template(name);
        }
    }

    private Template template(String name) {
        try {
            return fm.getTemplate(name + ".ftlh");
        } catch (IOException e) {
            throw new UncheckedIOException("Dashboard template " + name + ".ftlh cannot be loaded", e);
        }
    }

    /** The page as UTF-8 bytes. */
    Buffer html(String name, Map<String, Object> model) {
        StringWriter out = new StringWriter(8192);
        try {
            template(name).process(model, out);
        } catch (TemplateException | IOException e) {
            throw new IllegalStateException("Dashboard template " + name + " failed: " + e.getMessage(), e);
        }
        return Buffer.buffer(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    void send(RoutingContext ctx, int status, String name, Map<String, Object> model) {
        Buffer body = html(name, model);
        HttpServerResponse r = ctx.response();
        if (r.ended()) {
            return;
        }
        headers(r).setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(body);
    }

    /** The headers of every dashboard response. */
    static HttpServerResponse headers(HttpServerResponse r) {
        return r.putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cache-Control", "no-store");
    }
}
