package dev.latchkey.server.dashboard;

import dev.latchkey.server.http.ApiException;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.regex.Pattern;

/** Reading form fields and query parameters, and where to send the browser after an action. */
final class Forms {

    /** A dashboard-relative location: no scheme, no host, no backslash or control character. */
    private static final Pattern LOCAL = Pattern.compile("/admin(/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?(\\?[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*)?");

    private Forms() {
    }

    /** A form field, trimmed; null when absent or blank. */
    static String field(RoutingContext ctx, String name) {
        String v = ctx.request().getFormAttribute(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        return v.trim();
    }

    /** A query parameter, trimmed; null when absent or blank. */
    static String query(RoutingContext ctx, String name) {
        String v = ctx.queryParams().get(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        return v.trim();
    }

    static Integer intField(RoutingContext ctx, String name) {
        return parseInt(field(ctx, name), name);
    }

    static Integer parseInt(String raw, String name) {
        if (raw == null) {
            return null;
        }
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw ApiException.validation(name + " must be a whole number");
        }
    }

    static boolean checked(RoutingContext ctx, String name) {
        String v = ctx.request().getFormAttribute(name);
        return v != null && (v.equals("on") || v.equals("true") || v.equals("1"));
    }

    /** A query parameter that must be one of {@code allowed}; the first allowed value otherwise. */
    static String oneOf(RoutingContext ctx, String name, java.util.List<String> allowed) {
        String v = query(ctx, name);
        return v != null && allowed.contains(v) ? v : allowed.get(0);
    }

    static int page(RoutingContext ctx) {
        try {
            String v = query(ctx, "page");
            int p = v == null ? 1 : Integer.parseInt(v);
            return Math.max(1, Math.min(p, 1_000_000));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    static UUID uuidParam(RoutingContext ctx, String name, String what) {
        try {
            return UUID.fromString(ctx.pathParam(name));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiException.notFound(what);
        }
    }

    static UUID optionalUuid(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static boolean isLocal(String location) {
        return location != null && location.length() <= 2000 && LOCAL.matcher(location).matches() && !location.contains("//");
    }

    /** Where the action's form says to go back to, if that is a dashboard page; else {@code fallback}. */
    static String back(RoutingContext ctx, String fallback) {
        String b = ctx.request().getFormAttribute("back");
        return isLocal(b) ? b : fallback;
    }

    /** This page's own location, for the {@code back} field of its forms. */
    static String here(RoutingContext ctx) {
        String uri = ctx.request().uri();
        return isLocal(uri) ? uri : "/admin";
    }

    static void redirect(RoutingContext ctx, String location) {
        Views.headers(ctx.response()).setStatusCode(303).putHeader("Location", location).end();
    }
}
