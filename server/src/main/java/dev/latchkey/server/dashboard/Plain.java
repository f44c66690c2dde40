package dev.latchkey.server.dashboard;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON turned into plain maps and lists, which templates read as hashes and sequences. */
final class Plain {

    private Plain() {
    }

    static Map<String, Object> map(JsonObject o) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (o != null) {
            o.forEach(e -> {
                if (e.getValue() != null) {
                    m.put(e.getKey(), value(e.getValue()));
                }
            });
        }
        return m;
    }

    static List<Object> list(JsonArray a) {
        List<Object> out = new ArrayList<>();
        if (a != null) {
            a.forEach(v -> out.add(value(v)));
        }
        return out;
    }

    private static Object value(Object v) {
        if (v instanceof JsonObject o) {
            return map(o);
        }
        if (v instanceof JsonArray a) {
            return list(a);
        }
        if (v instanceof Map<?, ?> m) {
            return map(new JsonObject(castMap(m)));
        }
        if (v instanceof List<?> l) {
            return list(new JsonArray(new ArrayList<>(l)));
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }
}
