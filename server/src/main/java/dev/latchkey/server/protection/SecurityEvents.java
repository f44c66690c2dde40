package dev.latchkey.server.protection;

import io.vertx.core.Future;
import java.util.UUID;

/** What the automatic rules listen to; each method never fails the request that reports it. */
public interface SecurityEvents {

    /** A wrong password (or unknown user) from this address. */
    Future<Void> loginFailed(String ip);

    /** A device refused for this account (device limit, or a blacklisted or mismatching HWID). */
    Future<Void> deviceRefused(UUID userId, String code);

    /** A spent refresh token came back: the token was copied. */
    Future<Void> tokenReuse(UUID userId);

    /** For wiring where no rules apply (tools, tests of other parts). */
    SecurityEvents NONE = new SecurityEvents() {
        @Override
        public Future<Void> loginFailed(String ip) {
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> deviceRefused(UUID userId, String code) {
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> tokenReuse(UUID userId) {
            return Future.succeededFuture();
        }
    };
}
