package dev.latchkey.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

    @Test
    @DisplayName("Byte for byte what JsonObject.toBuffer (Jackson) writes, for a heartbeat answer")
    void heartbeatShape() {
        JsonObject answer = new JsonObject().put("valid", true).put("code", "OK").put("license_expiry", null)
                .put("next_heartbeat_in", 300).put("server_time", "2026-11-30T03:49:47Z")
                .put("lease", "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.sig-_")
                .put("licenses", new JsonArray().add(new JsonObject().put("id", "e3fa").put("product", "Bench \"9\"")
                        .put("expires_at", null).put("features", new JsonArray(List.of("a", "b\\c")))));
        assertEquals(answer.toBuffer().toString(), JsonWriter.toBuffer(answer).toString());
    }

    @Test
    @DisplayName("Byte for byte what Jackson writes, for random documents: control characters, quotes, non-ASCII, every value type")
    void randomDocuments() {
        Random random = new Random(20261130);
        for (int i = 0; i < 2000; i++) {
            JsonObject doc = object(random, 3);
            assertEquals(doc.toBuffer(), JsonWriter.toBuffer(doc), () -> doc.encode());
        }
    }

    @Test
    @DisplayName("Types beyond JSON's own are written as Vert.x's codec writes them")
    void otherTypes() {
        JsonObject doc = new JsonObject().put("when", Instant.ofEpochSecond(1_796_010_534L, 5))
                .put("bytes", new byte[] {1, 2, (byte) 250}).put("nan", Double.NaN).put("inf", Float.NEGATIVE_INFINITY)
                .put("big", new BigDecimal("1E+3")).put("huge", new BigInteger("123456789012345678901234567890"))
                .put("map", Map.of("k", List.of(1L, (short) 2, (byte) 3, 2.5f)));
        assertEquals(doc.toBuffer(), JsonWriter.toBuffer(doc));
    }

    private static JsonObject object(Random r, int depth) {
        JsonObject o = new JsonObject();
        for (int i = r.nextInt(6); i > 0; i--) {
            o.put(string(r), value(r, depth));
        }
        return o;
    }

    private static Object value(Random r, int depth) {
        switch (r.nextInt(depth > 0 ? 11 : 9)) {
            case 0: return null;
            case 1: return r.nextBoolean();
            case 2: return r.nextInt();
            case 3: return r.nextLong();
            case 4: return r.nextDouble() * Math.pow(10, r.nextInt(40) - 20);
            case 5: return r.nextFloat();
            case 6: case 7: case 8: return string(r);
            case 9: return object(r, depth - 1);
            default:
                JsonArray a = new JsonArray();
                for (int i = r.nextInt(5); i > 0; i--) {
                    a.add(value(r, depth - 1));
                }
                return a;
        }
    }

    private static String string(Random r) {
        StringBuilder s = new StringBuilder();
        for (int i = r.nextInt(20); i > 0; i--) {
            switch (r.nextInt(6)) {
                case 0 -> s.append((char) r.nextInt(0x20));
                case 1 -> s.append("\"\\/".charAt(r.nextInt(3)));
                case 2 -> s.append((char) (0x80 + r.nextInt(0x700)));
                case 3 -> s.appendCodePoint(0x1F600 + r.nextInt(50));
                case 4 -> s.append((char) (0x2028 + r.nextInt(2)));
                default -> s.append((char) (0x20 + r.nextInt(0x60)));
            }
        }
        return s.toString();
    }
}
