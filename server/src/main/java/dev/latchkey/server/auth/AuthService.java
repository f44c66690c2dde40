package dev.latchkey.server.auth;

import dev.latchkey.protocol.hwid.HwidComponents;
import dev.latchkey.server.accounts.User;
import dev.latchkey.server.accounts.UserRepository;
import dev.latchkey.server.audit.AuditEvent;
import dev.latchkey.server.audit.AuditService;
import dev.latchkey.server.devices.DeviceService;
import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.ClientInfo;
import dev.latchkey.server.http.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/** Sign-in of the three kinds, each audited whatever its outcome. */
public final class AuthService {

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final SessionService sessions;
    private final DeviceService devices;
    private final AuditService audit;
    private final java.util.function.BiFunction<java.util.UUID, java.util.UUID, Future<Void>> onDeviceSignIn;
    private final dev.latchkey.server.protection.SecurityEvents security;

    /** {@code onDeviceSignIn} (user, device) runs after a desktop sign-in: licenses activate on first use. */
    public AuthService(UserRepository users, PasswordHasher hasher, SessionService sessions, DeviceService devices,
                       AuditService audit, java.util.function.BiFunction<java.util.UUID, java.util.UUID, Future<Void>> onDeviceSignIn,
                       dev.latchkey.server.protection.SecurityEvents security) {
        this.users = users;
        this.hasher = hasher;
        this.sessions = sessions;
        this.devices = devices;
        this.audit = audit;
        this.onDeviceSignIn = onDeviceSignIn;
        this.security = security;
    }

    public record WebLogin(User user, SessionService.WebSession session) {
    }

    public Future<WebLogin> webLogin(String username, String password, ClientInfo client) {
        return signIn("auth.login", username, password, client,
                user -> sessions.openWeb(user, client).map(s -> new WebLogin(user, s)),
                (user, result) -> AuditEvent.of("auth.login", AuditEvent.Outcome.SUCCESS)
                        .actor(user.id(), user.username()).target("session", result.session().sessionId())
                        .client(client).detail("kind", "web"));
    }

    public Future<TokenPair> clientLogin(String username, String password, HwidComponents hwid, String deviceName,
                                         ClientInfo client) {
        return signIn("auth.client_login", username, password, client,
                user -> devices.bind(user, hwid, deviceName)
                        .recover(err -> failWithAudit("auth.client_login", user, client, err))
                        .compose(binding -> sessions.openClient(user, binding.deviceId(), client)
                                .compose(pair -> deviceAudit(user, binding, client).map(pair))
                                // A full license must not stop the sign-in: the heartbeat reports it per license.
                                .compose(pair -> onDeviceSignIn.apply(user.id(), binding.deviceId()).otherwiseEmpty().map(pair))),
                (user, pair) -> AuditEvent.of("auth.client_login", AuditEvent.Outcome.SUCCESS)
                        .actor(user.id(), user.username()).target("device", pair.deviceId()).client(client)
                        .detail("kind", "client"));
    }

    /** Admin automation: an access token without a device. Only admins may have one. */
    public Future<JsonObject> apiToken(String username, String password, ClientInfo client) {
        return signIn("auth.token", username, password, client,
                user -> user.isAdmin()
                        ? sessions.openApi(user, client)
                        : failWithAudit("auth.token", user, client, ApiException.forbidden("Only administrators may request API tokens")),
                (user, token) -> AuditEvent.of("auth.token", AuditEvent.Outcome.SUCCESS)
                        .actor(user.id(), user.username()).client(client).detail("kind", "api"))
                .map(token -> new JsonObject().put("access_token", token).put("token_type", "Bearer")
                        .put("expires_in", sessions.accessTokenSeconds()));
    }

    private interface SuccessAudit<T> {
        AuditEvent.Builder event(User user, T result);
    }

    /**
     * Checks the password (an unknown user costs one dummy hash and answers exactly like a wrong
     * password), refuses blocked accounts, runs {@code open}, and audits the outcome.
     */
    private <T> Future<T> signIn(String action, String username, String password, ClientInfo client,
                                 Function<User, Future<T>> open, SuccessAudit<T> success) {
        return users.findByUsername(username).compose(found -> {
            if (found.isEmpty()) {
                return hasher.verifyUnknownUser(password)
                        .compose(x -> refuse(action, null, username, client, ErrorCode.INVALID_CREDENTIALS));
            }
            User user = found.get();
            return hasher.verify(user.passwordHash(), password).compose(ok -> {
                if (!ok) {
                    return refuse(action, user, username, client, ErrorCode.INVALID_CREDENTIALS);
                }
                if (user.blocked()) {
                    return refuse(action, user, username, client, ErrorCode.ACCOUNT_BLOCKED);
                }
                return open.apply(user).compose(result -> users.touchLogin(user.id())
                        .compose(v -> audit.record(success.event(user, result).build()))
                        .map(result));
            });
        });
    }

    private <T> Future<T> refuse(String action, User user, String attempted, ClientInfo client, ErrorCode code) {
        AuditEvent event = AuditEvent.of(action, AuditEvent.Outcome.FAILURE)
                .actor(user == null ? null : user.id(), user == null ? attempted : user.username())
                .client(client).detail("reason", code.name()).build();
        String message = code == ErrorCode.ACCOUNT_BLOCKED
                ? "This account is blocked"
                // Why one message for both: it must not tell whether the username exists.
                : "Username or password is incorrect";
        Future<Void> counted = code == ErrorCode.INVALID_CREDENTIALS ? security.loginFailed(client.ip()) : Future.succeededFuture();
        return counted.compose(v -> audit.record(event)).compose(v -> Future.failedFuture(new ApiException(code, message)));
    }

    private <T> Future<T> failWithAudit(String action, User user, ClientInfo client, Throwable err) {
        String reason = err instanceof ApiException api ? api.code().name() : "ERROR";
        Future<Void> counted = err instanceof ApiException api && (api.code() == ErrorCode.DEVICE_LIMIT_REACHED
                || api.code() == ErrorCode.HWID_BLACKLISTED) ? security.deviceRefused(user.id(), api.code().name()) : Future.succeededFuture();
        AuditEvent.Outcome outcome = err instanceof ApiException ? AuditEvent.Outcome.DENIED : AuditEvent.Outcome.FAILURE;
        return counted.compose(v -> audit.record(AuditEvent.of(action, outcome).actor(user.id(), user.username()).client(client)
                        .detail("reason", reason).build()))
                .compose(v -> Future.failedFuture(err));
    }

    private Future<Void> deviceAudit(User user, DeviceService.Binding binding, ClientInfo client) {
        if (!binding.created() && !binding.componentsChanged()) {
            return Future.succeededFuture();
        }
        String action = binding.created() ? "device.registered" : "device.hwid_changed";
        return audit.record(AuditEvent.of(action, AuditEvent.Outcome.SUCCESS).actor(user.id(), user.username())
                .target("device", binding.deviceId()).client(client).build());
    }
}
