package dev.latchkey.client.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.latchkey.client.app.AppInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * JSON over the process's one {@link HttpClient}, for one server. Maps every error answer to an
 * {@link ApiException} carrying the server's code. Knows nothing of sessions: see {@link AuthSession}.
 */
public final class ApiTransport {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final URI base;

    public ApiTransport(HttpClient http, URI base) {
        this.http = http;
        this.base = base;
    }

    /** The shared client: HTTP/1.1 (plain-HTTP servers behind a proxy gain nothing from h2c), no redirects. */
    public static HttpClient newHttpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                // A redirect would carry the bearer token to wherever the Location says: never follow.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public URI base() {
        return base;
    }

    public HttpClient http() {
        return http;
    }

    /** A request builder for {@code path} with the standard headers and timeout. */
    public HttpRequest.Builder request(String path, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .header("User-Agent", AppInfo.userAgent());
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return b;
    }

    /** Sends {@code body} (or nothing when null) with {@code method}; answers the parsed JSON (MissingNode for 204). */
    public JsonNode call(String method, String path, JsonNode body, String bearer) throws ApiException {
        HttpRequest.Builder b = request(path, bearer);
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            if (status == 204 || response.body().isEmpty()) {
                return MissingNode.getInstance();
            }
            try {
                return Json.parse(response.body());
            } catch (JsonProcessingException e) {
                throw ApiException.badResponse(status, "the server's answer is not JSON");
            }
        }
        throw error(status, response.body(), response.headers().firstValue("Retry-After").orElse(null));
    }

    /** Sends without interpreting the body; network failures become {@link ApiException#NETWORK_ERROR}. */
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws ApiException {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw ApiException.network(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.network(e);
        }
    }

    /** The {@code {"error":{"code","message"}}} body as an exception; anything else as {@code BAD_RESPONSE}. */
    public static ApiException error(int status, String body, String retryAfter) {
        long retry = 0;
        if (retryAfter != null) {
            try {
                retry = Long.parseLong(retryAfter.trim());
            } catch (NumberFormatException ignored) {
                // an HTTP date: the client just shows the code
            }
        }
        try {
            JsonNode error = Json.parse(body == null ? "" : body).path("error");
            String code = Json.text(error, "code");
            if (code != null && !code.isBlank()) {
                String message = Json.text(error, "message");
                return new ApiException(code.toUpperCase(Locale.ROOT), status, message == null ? code : message, retry);
            }
        } catch (JsonProcessingException ignored) {
            // not our error shape: a proxy's HTML page, for instance
        }
        if (status >= 500) {
            return new ApiException("SERVICE_UNAVAILABLE", status, "the server answered HTTP " + status, retry);
        }
        return ApiException.badResponse(status, "HTTP " + status + " without an error body");
    }
}
