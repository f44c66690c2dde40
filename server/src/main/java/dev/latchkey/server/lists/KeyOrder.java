package dev.latchkey.server.lists;

import dev.latchkey.server.http.ApiException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * A sort order of a list, for keyset paging: key expressions, the last of them unique (an id), all in one
 * direction so that {@code (k1, k2) < ($1, $2)} continues the order and one index serves both directions.
 * A cursor is the keys of a boundary row, opaque to callers: base64url of a JSON array headed by the
 * order's name, so a cursor of another order is refused instead of misread.
 */
public record KeyOrder(String name, List<Key> keys) {

    public enum Type { TIMESTAMP, TEXT, UUID }

    /** One key: its SQL expression (never NULL for any row) and how its values travel in a cursor. */
    public record Key(String sql, Type type) {
    }

    public static KeyOrder of(String name, Key... keys) {
        return new KeyOrder(name, List.of(keys));
    }

    public static Key timestamp(String sql) {
        return new Key(sql, Type.TIMESTAMP);
    }

    public static Key text(String sql) {
        return new Key(sql, Type.TEXT);
    }

    public static Key uuid(String sql) {
        return new Key(sql, Type.UUID);
    }

    /** {@code ORDER BY} in this order, descending or not. */
    String orderBy(boolean descending) {
        StringJoiner j = new StringJoiner(", ", " ORDER BY ", "");
        keys.forEach(k -> j.add(k.sql() + (descending ? " DESC" : "")));
        return j.toString();
    }

    /** The condition for rows after the cursor in the given direction; {@code ?} stands for each key value. */
    String after(boolean descending) {
        StringJoiner cols = new StringJoiner(", ", "(", ")");
        StringJoiner marks = new StringJoiner(", ", "(", ")");
        keys.forEach(k -> {
            cols.add(k.sql());
            marks.add("?");
        });
        return cols + (descending ? " < " : " > ") + marks;
    }

    /** The keys as extra result columns {@code _k0, _k1, ...}, read back by {@link #cursorOf}. */
    String selectKeys() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            sb.append(", ").append(keys.get(i).sql()).append(" AS _k").append(i);
        }
        return sb.toString();
    }

    /** The cursor that continues after (or before) this row. */
    String cursorOf(Row row) {
        JsonArray a = new JsonArray().add(name);
        for (int i = 0; i < keys.size(); i++) {
            Object v = row.getValue("_k" + i);
            a.add(switch (keys.get(i).type()) {
                case TIMESTAMP -> ((OffsetDateTime) v).toInstant().toString();
                case TEXT, UUID -> v.toString();
            });
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(a.encode().getBytes(StandardCharsets.UTF_8));
    }

    /** Values of the key types, for explaining the statements of a list ({@link ListQuery#statements}). */
    List<Object> sampleValues() {
        List<Object> out = new ArrayList<>(keys.size());
        keys.forEach(k -> out.add(switch (k.type()) {
            case TIMESTAMP -> OffsetDateTime.now(ZoneOffset.UTC).minusDays(30);
            case UUID -> new UUID(0x7fffffffffffffffL, 0);
            case TEXT -> "m";
        }));
        return out;
    }

    /** The key values a cursor carries, typed for binding; VALIDATION_FAILED when it is not a cursor of this order. */
    List<Object> values(String cursor) {
        try {
            JsonArray a = new JsonArray(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
            if (a.size() != keys.size() + 1 || !name.equals(a.getValue(0))) {
                throw invalid();
            }
            List<Object> out = new ArrayList<>(keys.size());
            for (int i = 0; i < keys.size(); i++) {
                String v = a.getString(i + 1);
                if (v == null) {
                    throw invalid();
                }
                out.add(switch (keys.get(i).type()) {
                    case TIMESTAMP -> OffsetDateTime.ofInstant(Instant.parse(v), ZoneOffset.UTC);
                    case UUID -> UUID.fromString(v);
                    case TEXT -> v;
                });
            }
            return out;
        } catch (IllegalArgumentException | DecodeException | DateTimeParseException | ClassCastException e) {
            throw invalid();
        }
    }

    private static ApiException invalid() {
        return ApiException.validation("cursor is not valid for this list and order; start again from the first page");
    }
}
