package dev.latchkey.server.http;

import io.vertx.ext.web.RoutingContext;

/** Who is calling, as far as the network tells: address and user agent, for audit and sessions. */
public record ClientInfo(String ip, String userAgent) {

    private static final int MAX_USER_AGENT = 512;

    public static ClientInfo of(RoutingContext ctx) {
        String resolved = ctx.get(EdgeHandler.CLIENT_IP);
        String ip = resolved != null ? resolved
                : ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
        String ua = ctx.request().getHeader("User-Agent");
        if (ua != null && ua.length() > MAX_USER_AGENT) {
            ua = ua.substring(0, MAX_USER_AGENT);
        }
        return new ClientInfo(ip, ua);
    }

    /** For work that has no HTTP request (command line, start-up). */
    public static ClientInfo local(String what) {
        return new ClientInfo(null, what);
    }
}
