package dev.latchkey.server.http;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** Reads request bodies (JSON, or a form where a route accepts one) into a {@link JsonObject}. */
public final class Bodies {

    private Bodies() {
    }

    /** The JSON object body; 400 {@code VALIDATION_FAILED} when absent, malformed or not an object. */
    public static JsonObject json(RoutingContext ctx) {
        RequestBody body = ctx.body();
        Buffer raw = body == null ? null : body.buffer();
        if (raw == null || raw.length() == 0) {
            throw ApiException.validation("Request body must be a JSON object");
        }
        try {
            Object parsed = raw.toJsonValue();
            if (parsed instanceof JsonObject o) {
                return o;
            }
        } catch (DecodeException e) {
            throw ApiException.validation("Request body is not valid JSON");
        }
        throw ApiException.validation("Request body must be a JSON object");
    }

    /** JSON, or {@code application/x-www-form-urlencoded} fields as strings. */
    public static JsonObject jsonOrForm(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type != null && type.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            JsonObject o = new JsonObject();
            MultiMap form = ctx.request().formAttributes();
            for (Map.Entry<String, String> e : form) {
                o.put(e.getKey(), e.getValue());
            }
            return o;
        }
        return json(ctx);
    }

    /** A string field; absent or null gives null, another type is a validation failure. */
    public static String string(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw ApiException.validation(field + " must be a string");
        }
        return s;
    }

    public static String requiredString(JsonObject body, String field) {
        String s = string(body, field);
        if (s == null || s.isEmpty()) {
            throw ApiException.validation(field + " is required");
        }
        return s;
    }

    public static Integer integer(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                || n.doubleValue() > Integer.MAX_VALUE || n.doubleValue() < Integer.MIN_VALUE) {
            throw ApiException.validation(field + " must be a whole number");
        }
        return n.intValue();
    }

    public static Boolean bool(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Boolean b)) {
            throw ApiException.validation(field + " must be true or false");
        }
        return b;
    }

    /** A UUID path parameter; a malformed one is simply not found. */
    public static java.util.UUID uuidParam(RoutingContext ctx, String name, String what) {
        try {
            return java.util.UUID.fromString(ctx.pathParam(name));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiException.notFound(what);
        }
    }

    /** A bounded integer query parameter with a default. */
    public static int intQuery(RoutingContext ctx, String name, int dflt, int min, int max) {
        String raw = ctx.queryParams().get(name);
        if (raw == null || raw.isBlank()) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v < min || v > max) {
                throw ApiException.validation(name + " must be between " + min + " and " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.validation(name + " must be a whole number");
        }
    }
}
