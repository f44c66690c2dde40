package dev.latchkey.server.auth;

/**
 * What a route's prefetch ({@link Authenticator#required(java.util.function.Function)}) found out about the
 * caller's session while reading what the route needs: a heartbeat reads the session's cache entry anyway,
 * so it settles the session check in the same read (and, on a miss, in the same PostgreSQL statement).
 */
public interface SessionCheck {

    /** Whether the session is live, as the cache or PostgreSQL said. */
    boolean sessionLive();
}
