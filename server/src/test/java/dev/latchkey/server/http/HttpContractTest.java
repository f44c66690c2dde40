package dev.latchkey.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.server.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class HttpContractTest {

    private static TestServer t;

    @BeforeAll
    static void start(Vertx vertx) {
        t = TestServer.start(vertx, "http");
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static void assertError(HttpResponse<Buffer> r, int status, String code) {
        assertEquals(status, r.statusCode(), r.bodyAsString());
        assertTrue(r.getHeader("Content-Type").startsWith("application/json"));
        JsonObject body = r.bodyAsJsonObject();
        assertEquals(Set.of("error"), body.fieldNames());
        assertEquals(code, body.getJsonObject("error").getString("code"));
        assertFalse(body.getJsonObject("error").getString("message").isBlank());
        assertFalse(r.bodyAsString().contains("Exception"), "no internals in " + r.bodyAsString());
    }

    @Test
    @DisplayName("a JSON body over 64 KiB is 413 PAYLOAD_TOO_LARGE")
    void bodyTooLarge() {
        String big = "{\"username\":\"" + "a".repeat(70 * 1024) + "\",\"password\":\"x\"}";
        assertError(t.http.post("/auth/login").putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(big)).await(),
                413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    @DisplayName("malformed JSON, a JSON array, or no body at all is 400 VALIDATION_FAILED")
    void malformedJson() {
        for (String body : new String[] {"{\"username\":", "[1,2]", "", "null"}) {
            assertError(t.http.post("/auth/client/login").putHeader("Content-Type", "application/json")
                    .sendBuffer(Buffer.buffer(body)).await(), 400, "VALIDATION_FAILED");
        }
    }

    @Test
    @DisplayName("unknown paths are 404 NOT_FOUND and wrong methods 405, both in the error format")
    void notFoundAndMethod() {
        assertError(t.http.get("/no/such/path").send().await(), 404, "NOT_FOUND");
        assertError(t.http.delete("/auth/login").send().await(), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    @DisplayName("/health reports PostgreSQL and Redis as up")
    void health() {
        HttpResponse<Buffer> r = t.http.get("/health").send().await();
        assertEquals(200, r.statusCode());
        assertEquals(new JsonObject().put("status", "ok").put("postgres", "up").put("redis", "up"), r.bodyAsJsonObject());
    }

    @Test
    @DisplayName("openapi.json documents every mounted route, and documents none that does not exist")
    void openApiMatchesRoutes() {
        JsonObject doc = t.http.get("/api/v1/openapi.json").send().await().bodyAsJsonObject();
        JsonObject paths = doc.getJsonObject("paths");
        Set<String> mounted = new TreeSet<>();
        for (RouteTable.Endpoint e : ApiRouter.create(t.vertx, t.services()).endpoints()) {
            mounted.add(e.method().name().toLowerCase(Locale.ROOT) + " " + e.path().replaceAll(":([a-z_]+)", "{$1}"));
        }
        Set<String> documented = new TreeSet<>();
        paths.forEach(p -> ((JsonObject) p.getValue()).fieldNames().forEach(m -> documented.add(m + " " + p.getKey())));
        assertEquals(mounted, documented);
        assertTrue(mounted.contains("post /auth/client/login"));
        assertTrue(mounted.size() >= 15);
        for (String m : mounted) {
            assertTrue(HttpMethod.values().stream().anyMatch(x -> m.startsWith(x.name().toLowerCase(Locale.ROOT) + " ")), m);
        }
    }
}
