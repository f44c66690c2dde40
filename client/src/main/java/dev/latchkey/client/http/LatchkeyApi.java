package dev.latchkey.client.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.client.app.AppInfo;
import dev.latchkey.plugins.license.HeartbeatReply;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The server's client API, one method per endpoint. Authenticated calls go through the
 * {@link AuthSession}: a token about to expire, or answered {@code TOKEN_EXPIRED}, is refreshed once
 * (single flight) and the call retried once. Blocking: call it from a background executor.
 */
public final class LatchkeyApi {

    private final ApiTransport transport;
    private final AuthSession session;
    private final Clock clock;

    public LatchkeyApi(HttpClient http, URI server, Clock clock) {
        this.transport = new ApiTransport(http, withSlash(server));
        this.clock = clock;
        this.session = new AuthSession(this::refresh, clock);
    }

    public AuthSession session() {
        return session;
    }

    public ApiTransport transport() {
        return transport;
    }

    public URI server() {
        return transport.base();
    }

    /** {@code POST /auth/client/login}: signs in and binds (or recognises) this device; starts the session. */
    public TokenPair login(String username, char[] password, Map<String, String> hwid, String deviceName) throws ApiException {
        ObjectNode body = Json.object().put("username", username).put("password", new String(password));
        ObjectNode components = body.putObject("hwid");
        hwid.forEach(components::put);
        if (deviceName != null && !deviceName.isBlank()) {
            body.put("device_name", deviceName.length() > 100 ? deviceName.substring(0, 100) : deviceName);
        }
        TokenPair pair = pair(transport.call("POST", "auth/client/login", body, null));
        session.start(pair);
        return pair;
    }

    /** Starts a session from a remembered refresh token (spending it). */
    public TokenPair resume(String refreshToken) throws ApiException {
        TokenPair pair = refresh(refreshToken);
        session.start(pair);
        return pair;
    }

    /** {@code POST /auth/client/logout}, then forgets the tokens whatever the answer. */
    public void logout() throws ApiException {
        TokenPair t = session.current();
        try {
            if (t != null) {
                transport.call("POST", "auth/client/logout", null, t.accessToken());
            }
        } catch (ApiException e) {
            // An expired or revoked token means the server already ended it: that is what we wanted.
            if (!e.endsSession()) {
                throw e;
            }
        } finally {
            session.clear();
        }
    }

    public AccountInfo me() throws ApiException {
        return AccountInfo.from(authed("GET", "api/v1/me", null));
    }

    public List<LicenseInfo> licenses() throws ApiException {
        return Json.items(authed("GET", "api/v1/licenses", null)).stream().map(LicenseInfo::from).toList();
    }

    /** {@code POST /api/v1/licenses/redeem}; {@code canonicalKey} is already checked by {@code LicenseKeyFormat}. */
    public LicenseInfo redeem(String canonicalKey) throws ApiException {
        return LicenseInfo.from(authed("POST", "api/v1/licenses/redeem", Json.object().put("license_key", canonicalKey)));
    }

    public List<DeviceInfo> devices() throws ApiException {
        return Json.items(authed("GET", "api/v1/devices", null)).stream().map(DeviceInfo::from).toList();
    }

    /** Renames a device; a blank nickname clears it. */
    public DeviceInfo renameDevice(String id, String nickname) throws ApiException {
        ObjectNode body = Json.object();
        if (nickname == null || nickname.isBlank()) {
            body.putNull("nickname");
        } else {
            body.put("nickname", nickname.strip());
        }
        return DeviceInfo.from(authed("PATCH", "api/v1/devices/" + segment(id), body));
    }

    /** Deactivates a device; answers how many license seats were freed. */
    public int deactivateDevice(String id) throws ApiException {
        return authed("DELETE", "api/v1/devices/" + segment(id), null).path("seats_freed").asInt();
    }

    /** {@code GET /api/v1/signing-key}: the JWK the client pins on first contact. */
    public String signingKeyJwk() throws ApiException {
        return Json.write(transport.call("GET", "api/v1/signing-key", null, null));
    }

    /**
     * {@code POST /api/v1/heartbeat}. A refusal with a license code is a reply with {@code valid = false};
     * only "no usable reply" is an exception, as {@code HeartbeatTransport} requires.
     */
    public HeartbeatReply heartbeat() throws ApiException {
        JsonNode r;
        try {
            r = authed("POST", "api/v1/heartbeat", Json.object().put("version", AppInfo.version()));
        } catch (ApiException e) {
            if (e.status() >= 400 && e.status() < 500 && e.status() != 429 && !ApiException.BAD_RESPONSE.equals(e.code())) {
                return new HeartbeatReply(false, e.code(), null, 0, null);
            }
            throw e;
        }
        return new HeartbeatReply(r.path("valid").asBoolean(false), Json.text(r, "code"), Json.text(r, "license_expiry"),
                r.path("next_heartbeat_in").asLong(0), Json.text(r, "lease"));
    }

    /** Calls with the session's access token; on {@code TOKEN_EXPIRED} refreshes (single flight) and retries once. */
    public JsonNode authed(String method, String path, JsonNode body) throws ApiException {
        return withToken(token -> transport.call(method, path, body, token));
    }

    /** A call that needs to know which access token it was made with (file keys are wrapped for that token). */
    @FunctionalInterface
    public interface TokenCall<T> {
        T call(String accessToken) throws ApiException;
    }

    /** Runs {@code call} with a usable access token; on {@code TOKEN_EXPIRED} refreshes (single flight) and retries once. */
    public <T> T withToken(TokenCall<T> call) throws ApiException {
        TokenPair t = session.usable();
        try {
            return call.call(t.accessToken());
        } catch (ApiException e) {
            if (e.status() == 401 && "TOKEN_EXPIRED".equals(e.code())) {
                TokenPair fresh = session.refreshAfter(t);
                try {
                    return call.call(fresh.accessToken());
                } catch (ApiException again) {
                    throw ended(fresh, again);
                }
            }
            throw ended(t, e);
        }
    }

    /** {@code GET /api/v1/files}: what this device's usable licenses allow. */
    public List<FileInfo> files() throws ApiException {
        return Json.items(authed("GET", "api/v1/files?limit=500", null)).stream().map(FileInfo::from).toList();
    }

    /** {@code GET /api/v1/files/{id}/key}: the file key wrapped afresh for the token this call used. */
    public FileKey fileKey(String fileId) throws ApiException {
        return withToken(token -> {
            JsonNode r = transport.call("GET", "api/v1/files/" + segment(fileId) + "/key", null, token);
            return new FileKey(Json.text(r, "wrapped_key"), token, Json.text(r, "sha256"), Json.text(r, "signature"),
                    r.path("size").asLong(-1));
        });
    }

    /** A revoked session (signed out elsewhere, blocked, HWID reset) ends here too, not only at refresh. */
    private ApiException ended(TokenPair used, ApiException e) {
        if (e.endsSession() && !"TOKEN_EXPIRED".equals(e.code())) {
            session.end(used, e);
        }
        return e;
    }

    private TokenPair refresh(String refreshToken) throws ApiException {
        return pair(transport.call("POST", "auth/refresh", Json.object().put("refresh_token", refreshToken), null));
    }

    private TokenPair pair(JsonNode r) throws ApiException {
        String access = Json.text(r, "access_token");
        String refresh = Json.text(r, "refresh_token");
        if (access == null || refresh == null) {
            throw ApiException.badResponse(200, "the sign-in answer has no tokens");
        }
        long expiresIn = r.path("expires_in").asLong(900);
        Instant expires = clock.instant().plusSeconds(Math.max(1, expiresIn));
        return new TokenPair(access, refresh, expires, Json.text(r, "user_id"), Json.text(r, "device_id"));
    }

    static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    private static URI withSlash(URI server) {
        String s = server.toString();
        return s.endsWith("/") ? server : URI.create(s + "/");
    }
}
