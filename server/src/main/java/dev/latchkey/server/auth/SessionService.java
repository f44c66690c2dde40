package dev.latchkey.server.auth;

import dev.latchkey.server.accounts.User;
import dev.latchkey.server.audit.AuditEvent;
import dev.latchkey.server.audit.AuditService;
import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.ClientInfo;
import dev.latchkey.server.http.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Opens, checks, refreshes and ends sessions of all three kinds:
 * {@code web} (cookie), {@code client} (desktop: access + refresh token, bound to a device) and
 * {@code api} (admin automation: access token only). Revocation takes effect on the next request
 * on every node.
 */
public final class SessionService {

    private final SessionRepository repository;
    private final SessionCache cache;
    private final TokenService tokens;
    private final AuditService audit;
    private final Duration refreshTtl;
    private final Duration webIdle;
    private final Duration webAbsolute;
    private final dev.latchkey.server.protection.SecurityEvents security;

    public SessionService(SessionRepository repository, SessionCache cache, TokenService tokens, AuditService audit,
                          Duration refreshTtl, Duration webIdle, Duration webAbsolute,
                          dev.latchkey.server.protection.SecurityEvents security) {
        this.repository = repository;
        this.cache = cache;
        this.tokens = tokens;
        this.audit = audit;
        this.refreshTtl = refreshTtl;
        this.webIdle = webIdle;
        this.webAbsolute = webAbsolute;
        this.security = security;
    }

    /** A new web session; the token is the cookie value, of which only the hash is kept. */
    public record WebSession(UUID sessionId, String token, Duration maxAge) {
        @Override
        public String toString() {
            return "WebSession[" + sessionId + "]";
        }
    }

    public Future<WebSession> openWeb(User user, ClientInfo client) {
        UUID id = UUID.randomUUID();
        String token = Tokens.random256();
        return repository.insert(repository.pool(), id, user.id(), "web", Tokens.hash(token), null, client.ip(),
                        client.userAgent(), Instant.now().plus(webAbsolute))
                .map(v -> new WebSession(id, token, webAbsolute));
    }

    public Future<TokenPair> openClient(User user, UUID deviceId, ClientInfo client) {
        UUID id = UUID.randomUUID();
        String refresh = Tokens.random256();
        Instant refreshExpiry = Instant.now().plus(refreshTtl);
        return repository.pool().withTransaction(tx -> repository
                        .insert(tx, id, user.id(), "client", null, deviceId, client.ip(), client.userAgent(), refreshExpiry)
                        .compose(v -> repository.insertRefresh(tx, Tokens.hash(refresh), id, refreshExpiry)))
                .map(v -> new TokenPair(tokens.issue(user.id(), id, deviceId, user.role()), refresh,
                        tokens.ttl().toSeconds(), deviceId, user.id()));
    }

    public Future<String> openApi(User user, ClientInfo client) {
        UUID id = UUID.randomUUID();
        return repository.insert(repository.pool(), id, user.id(), "api", null, null, client.ip(), client.userAgent(),
                        Instant.now().plus(tokens.ttl()))
                .map(v -> tokens.issue(user.id(), id, null, user.role()));
    }

    public long accessTokenSeconds() {
        return tokens.ttl().toSeconds();
    }

    /** A bearer access token: signature and claims, then the session must still be live. */
    public Future<Principal> bearer(String token) {
        return tokens.verify(token).compose(this::requireLive);
    }

    /** Signature and claims only; {@link #requireLive} must follow before the caller is trusted. */
    public Future<Principal> verifyAccessToken(String token) {
        return tokens.verify(token);
    }

    /** The principal's session must not be revoked or expired (Redis first, PostgreSQL on a miss). */
    public Future<Principal> requireLive(Principal p) {
        return cache.live(p.sessionId()).compose(cached -> {
            if (cached.isPresent()) {
                return cached.get() ? Future.succeededFuture(p) : Future.failedFuture(revoked());
            }
            return repository.state(p.sessionId()).compose(state -> {
                if (state.isEmpty() || !state.get().userId().equals(p.userId())) {
                    return Future.failedFuture(revoked());
                }
                if (!state.get().live(Instant.now())) {
                    return cache.rememberRevoked(p.sessionId()).compose(v -> Future.failedFuture(revoked()));
                }
                return cache.rememberLive(p.sessionId(), p.expiresAt() - Instant.now().getEpochSecond()).map(v -> p);
            });
        });
    }

    /** A web session cookie; empty when it opens nothing (unknown, ended, idle too long). */
    public Future<Optional<Principal>> cookie(String token) {
        if (token == null || token.length() != 43) {
            return Future.succeededFuture(Optional.empty());
        }
        byte[] hash = Tokens.hash(token);
        return cache.web(hash, webIdle).compose(entry -> {
            if (entry.isPresent()) {
                return fromCachedWeb(entry.get());
            }
            return repository.webByTokenHash(hash).compose(state -> {
                Instant now = Instant.now();
                if (state.isEmpty() || !state.get().live(now) || state.get().lastSeenAt().plus(webIdle).isBefore(now)) {
                    return Future.succeededFuture(Optional.<Principal>empty());
                }
                SessionRepository.SessionState s = state.get();
                JsonObject cached = new JsonObject().put("sid", s.sessionId().toString()).put("uid", s.userId().toString())
                        .put("role", s.role()).put("exp", s.expiresAt().getEpochSecond());
                Duration ttl = Duration.between(now, s.expiresAt());
                return cache.rememberWeb(hash, cached, ttl.compareTo(webIdle) < 0 ? ttl : webIdle)
                        .compose(v -> repository.touch(s.sessionId()))
                        .map(v -> Optional.of(new Principal(s.userId(), s.sessionId(), null, s.role(), Principal.Via.COOKIE,
                                s.expiresAt().getEpochSecond())));
            });
        });
    }

    private Future<Optional<Principal>> fromCachedWeb(JsonObject e) {
        UUID sid = UUID.fromString(e.getString("sid"));
        if (e.getLong("exp", 0L) <= Instant.now().getEpochSecond()) {
            return Future.succeededFuture(Optional.empty());
        }
        return cache.live(sid).compose(live -> {
            if (live.isPresent() && !live.get()) {
                return Future.succeededFuture(Optional.<Principal>empty());
            }
            // Keep PostgreSQL's idle clock roughly current (at most one write a minute) in case Redis loses the entry.
            repository.touch(sid);
            return Future.succeededFuture(Optional.of(new Principal(UUID.fromString(e.getString("uid")), sid, null,
                    e.getString("role"), Principal.Via.COOKIE, e.getLong("exp"))));
        });
    }

    /**
     * Spends a refresh token for a new pair. A token presented a second time means it was
     * copied: the whole session (every token descended from the login) is revoked and audited.
     */
    public Future<TokenPair> refresh(String refreshToken, ClientInfo client) {
        if (refreshToken == null || refreshToken.length() != 43) {
            return Future.failedFuture(new ApiException(ErrorCode.TOKEN_INVALID, "Refresh token is invalid"));
        }
        byte[] hash = Tokens.hash(refreshToken);
        String next = Tokens.random256();
        Instant expiry = Instant.now().plus(refreshTtl);
        return repository.pool().<Optional<Refreshed>>withTransaction(tx -> repository.spendRefresh(tx, hash).compose(spent -> {
            if (spent.isEmpty()) {
                return Future.succeededFuture(Optional.empty());
            }
            UUID sid = spent.get();
            return repository.state(tx, sid).compose(state -> {
                if (state.isEmpty() || !state.get().live(Instant.now())) {
                    return Future.failedFuture(revoked());
                }
                SessionRepository.SessionState s = state.get();
                return repository.insertRefresh(tx, Tokens.hash(next), sid, expiry)
                        .compose(v -> repository.extend(tx, sid, expiry))
                        .map(v -> Optional.of(new Refreshed(sid, new TokenPair(tokens.issue(s.userId(), sid, s.deviceId(), s.role()),
                                next, tokens.ttl().toSeconds(), s.deviceId(), s.userId()))));
            });
        })).compose(done -> done.isEmpty() ? refusal(hash, client)
                // The new token may be used as long as it lives: so may the session's cache entry.
                : cache.extend(done.get().sessionId(), tokens.ttl().toSeconds()).map(done.get().pair()));
    }

    private record Refreshed(UUID sessionId, TokenPair pair) {
    }

    private Future<TokenPair> refusal(byte[] hash, ClientInfo client) {
        return repository.findRefresh(hash).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new ApiException(ErrorCode.TOKEN_INVALID, "Refresh token is invalid"));
            }
            SessionRepository.RefreshRecord r = found.get();
            if (!r.spent()) {
                return Future.failedFuture(new ApiException(ErrorCode.TOKEN_EXPIRED, "Refresh token has expired"));
            }
            return revoke(r.sessionId(), "refresh_reuse").compose(rev -> audit.record(AuditEvent
                            .of("auth.refresh_reuse", AuditEvent.Outcome.DENIED)
                            .actor(rev.map(SessionRepository.Revoked::userId).orElse(null), null)
                            .target("session", r.sessionId())
                            .client(client)
                            .detail("session_revoked", rev.isPresent())
                            .build())
                            .compose(v -> rev.isPresent() ? security.tokenReuse(rev.get().userId()) : Future.succeededFuture()))
                    .compose(v -> Future.failedFuture(new ApiException(ErrorCode.TOKEN_REVOKED,
                            "Refresh token was already used; the session has been ended for safety")));
        });
    }

    public Future<Optional<SessionRepository.Revoked>> revoke(UUID sessionId, String reason) {
        return repository.revoke(sessionId, reason).compose(r -> forget(r.stream().toList()).map(r));
    }

    public Future<List<SessionRepository.Revoked>> revokeAll(UUID userId, String reason) {
        return repository.revokeAllOfUser(userId, reason).compose(list -> forget(list).map(list));
    }

    /** Ends every session bound to one of these devices (blacklisting). */
    public Future<List<SessionRepository.Revoked>> revokeDevices(List<UUID> deviceIds, String reason) {
        if (deviceIds.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return repository.revokeDevices(deviceIds, reason).compose(list -> forget(list).map(list));
    }

    private Future<Void> forget(List<SessionRepository.Revoked> revoked) {
        Future<Void> all = Future.succeededFuture();
        for (SessionRepository.Revoked r : revoked) {
            all = all.compose(v -> cache.rememberRevoked(r.sessionId()))
                    .compose(v -> r.tokenHash() == null ? Future.succeededFuture() : cache.forgetWeb(r.tokenHash()));
        }
        return all;
    }

    public SessionRepository repository() {
        return repository;
    }

    static ApiException revoked() {
        return new ApiException(ErrorCode.TOKEN_REVOKED, "Session has ended; sign in again");
    }
}
