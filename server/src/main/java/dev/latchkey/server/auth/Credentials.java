package dev.latchkey.server.auth;

import dev.latchkey.server.http.ApiException;
import java.util.regex.Pattern;

/** Username and password rules, checked before any database lookup or hashing. */
public final class Credentials {

    public static final int MIN_PASSWORD = 8;
    public static final int MAX_PASSWORD = 1024;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_]{3,50}");

    private Credentials() {
    }

    public static String username(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw ApiException.validation("username must be 3-50 letters, digits or underscores");
        }
        return username;
    }

    /** Length in characters (code points); over the maximum is refused before hashing, so it costs nothing. */
    public static String password(String password) {
        if (password == null) {
            throw ApiException.validation("password is required");
        }
        if (password.length() > MAX_PASSWORD * 2) {
            throw ApiException.validation("password must be at most " + MAX_PASSWORD + " characters");
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_PASSWORD || length > MAX_PASSWORD) {
            throw ApiException.validation("password must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
        }
        return password;
    }
}
