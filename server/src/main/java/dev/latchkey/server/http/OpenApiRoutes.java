package dev.latchkey.server.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /api/v1/openapi.json}: the API description kept beside the code (resources/openapi.json). */
public final class OpenApiRoutes {

    public static final String RESOURCE = "/openapi.json";

    private final Buffer document;

    public OpenApiRoutes() {
        this.document = load().toBuffer();
    }

    /** The document, parsed; tests compare it with the mounted routes. */
    public static JsonObject load() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the server jar");
            }
            return new JsonObject(Buffer.buffer(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void mount(RouteTable routes) {
        routes.get("/api/v1/openapi.json", ctx -> ctx.response()
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(document));
    }
}
