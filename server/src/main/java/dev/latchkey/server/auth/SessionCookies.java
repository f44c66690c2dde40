package dev.latchkey.server.auth;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;

/** The cookies that carry or guard a web session; one definition for the API and the dashboard. */
public final class SessionCookies {

    private SessionCookies() {
    }

    /** The session cookie: {@code __Host-lk_session}, Secure, HttpOnly, SameSite=Strict, Path=/. */
    public static Cookie session(String value, long maxAgeSeconds) {
        return host(Authenticator.COOKIE, value, maxAgeSeconds);
    }

    /**
     * A {@code __Host-} style cookie. Why these attributes: with Secure, Path=/ and no Domain the
     * browser refuses it from subdomains and plain HTTP pages; HttpOnly keeps scripts away; Strict
     * keeps other sites from sending it.
     */
    public static Cookie host(String name, String value, long maxAgeSeconds) {
        return Cookie.cookie(name, value).setPath("/").setSecure(true).setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT).setMaxAge(maxAgeSeconds);
    }
}
