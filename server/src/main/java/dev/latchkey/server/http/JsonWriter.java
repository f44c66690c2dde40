package dev.latchkey.server.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Encodes a response body to exactly the bytes {@link JsonObject#toBuffer()} gives (Jackson), without
 * Jackson's serializer lookup per value, copying each run of plain characters whole.
 * Why it exists: encoding the heartbeat's answer through Jackson's databind was 7% of a heartbeat's
 * CPU (JFR, BENCHMARKS.md). Values of other types than JSON's own are handed to Vert.x's codec.
 * Vert.x's own databind-free {@code JacksonCodec} was tried in its place: for a heartbeat answer it took
 * 955 ns against databind's 800 and this class's 520 (a 2 s loop per encoder on this machine, 2026-11-30).
 */
public final class JsonWriter {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private JsonWriter() {
    }

    public static Buffer toBuffer(JsonObject o) {
        StringBuilder out = new StringBuilder(256);
        object(out, o.getMap());
        return Buffer.buffer(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void object(StringBuilder out, Map<String, Object> map) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, e.getKey());
            out.append(':');
            value(out, e.getValue());
        }
        out.append('}');
    }

    private static void array(StringBuilder out, List<?> list) {
        out.append('[');
        for (int i = 0, n = list.size(); i < n; i++) {
            if (i > 0) {
                out.append(',');
            }
            value(out, list.get(i));
        }
        out.append(']');
    }

    @SuppressWarnings("unchecked")
    private static void value(StringBuilder out, Object v) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            string(out, s);
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short
                || v instanceof Byte || v instanceof BigInteger || v instanceof BigDecimal) {
            out.append(v);
        } else if (v instanceof Double d && Double.isFinite(d) || v instanceof Float f && Float.isFinite(f)) {
            out.append(v);
        } else if (v instanceof JsonObject o) {
            object(out, o.getMap());
        } else if (v instanceof JsonArray a) {
            array(out, a.getList());
        } else if (v instanceof Map<?, ?> m && m.keySet().stream().allMatch(String.class::isInstance)) {
            object(out, (Map<String, Object>) m);
        } else if (v instanceof List<?> l) {
            array(out, l);
        } else if (v instanceof Instant i) {
            string(out, DateTimeFormatter.ISO_INSTANT.format(i));
        } else if (v instanceof Enum<?> e) {
            string(out, e.name());
        } else {
            // Binary, non-finite numbers and anything else: whatever Vert.x's own codec writes.
            out.append(Json.CODEC.toString(v, false));
        }
    }

    /**
     * A JSON string as Jackson's UTF-8 generator writes it: quote, backslash and control characters escaped,
     * UTF-16 surrogates (characters beyond U+FFFF) as a pair of {@code \\u} escapes, the rest as is.
     */
    static void string(StringBuilder out, String s) {
        out.append('"');
        int plain = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && (c < 0xD800 || c > 0xDFFF)) {
                continue;
            }
            out.append(s, plain, i);
            plain = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append("\\u").append(HEX[c >> 12]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF])
                        .append(HEX[c & 0xF]);
            }
        }
        out.append(s, plain, s.length()).append('"');
    }
}
