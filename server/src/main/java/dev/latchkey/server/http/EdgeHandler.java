package dev.latchkey.server.http;

import dev.latchkey.server.protection.BlocklistRepository;
import dev.latchkey.server.protection.ClientAddress;
import dev.latchkey.server.protection.IpBlocklist;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The first handler of every request, before any other work: the request id, the real client
 * address, security headers, refusal of TRACE and unknown methods, and the IP blocklist.
 */
public final class EdgeHandler implements Handler<RoutingContext> {

    public static final String REQUEST_ID = "latchkey.request_id";
    static final String CLIENT_IP = "latchkey.client_ip";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Set<HttpMethod> ALLOWED = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT,
            HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS);

    private final ClientAddress addresses;
    private final IpBlocklist blocklist;

    public EdgeHandler(ClientAddress addresses, IpBlocklist blocklist) {
        this.addresses = addresses;
        this.blocklist = blocklist;
    }

    /**
     * A random version-4 UUID. Why not {@link UUID#randomUUID()}: a request id only correlates log lines and is
     * no secret, while randomUUID draws from the shared SecureRandom on every request.
     */
    static String newId() {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L;
        long low = random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    @Override
    public void handle(RoutingContext ctx) {
        var request = ctx.request();
        String incoming = request.getHeader("X-Request-Id");
        // Why only a safe echo: the id lands in logs and headers, so it must not carry control characters.
        String id = incoming != null && SAFE_ID.matcher(incoming).matches() ? incoming : newId();
        ctx.put(REQUEST_ID, id);
        String peer = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        ctx.put(CLIENT_IP, addresses.resolve(peer, request.getHeader("X-Forwarded-For")));

        var response = ctx.response();
        response.putHeader("X-Request-Id", id)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer");
        boolean tls = request.isSSL()
                || addresses.isTrusted(peer) && "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
        if (tls) {
            response.putHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
        if (!ALLOWED.contains(request.method())) {
            // Why: TRACE echoes requests (cross-site tracing) and unknown methods have no business here.
            ErrorHandler.send(response, new ApiException(ErrorCode.METHOD_NOT_ALLOWED, "Method not allowed"));
            return;
        }
        BlocklistRepository.Entry block = blocklist.blocking(ctx.get(CLIENT_IP));
        if (block != null) {
            ErrorHandler.send(response, new ApiException(ErrorCode.IP_BLOCKED, "Requests from this address are blocked"
                    + (block.expiresAt() == null ? "" : " until " + block.expiresAt().toInstant())));
            return;
        }
        ctx.next();
    }
}
