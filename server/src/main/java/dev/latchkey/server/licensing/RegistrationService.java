package dev.latchkey.server.licensing;

import dev.latchkey.server.accounts.User;
import dev.latchkey.server.accounts.UserRepository;
import dev.latchkey.server.accounts.UserService;
import dev.latchkey.server.audit.AuditEvent;
import dev.latchkey.server.audit.AuditService;
import dev.latchkey.server.auth.PasswordHasher;
import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.ClientInfo;
import dev.latchkey.server.http.ErrorCode;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import java.util.UUID;

/**
 * Self sign-up with a license key: the account is created and the key redeemed in one
 * transaction, so neither exists without the other. Can be switched off.
 */
public final class RegistrationService {

    public record Registered(User user, License license) {
    }

    private final boolean enabled;
    private final UserRepository users;
    private final PasswordHasher hasher;
    private final LicenseService licenses;
    private final LicenseCache cache;
    private final AuditService audit;

    public RegistrationService(boolean enabled, UserRepository users, PasswordHasher hasher, LicenseService licenses,
                               LicenseCache cache, AuditService audit) {
        this.enabled = enabled;
        this.users = users;
        this.hasher = hasher;
        this.licenses = licenses;
        this.cache = cache;
        this.audit = audit;
    }

    /** Role and device limit are never the caller's to choose: sign-ups are plain users with the default limit. */
    public Future<Registered> register(String username, String password, String email, String licenseKey, ClientInfo client) {
        if (!enabled) {
            return Future.failedFuture(ApiException.forbidden("Self sign-up is switched off; ask the vendor for an account"));
        }
        UserService.NewUser request = UserService.newUser(username, password, email, "user", null);
        String canonical = LicenseService.canonical(licenseKey);
        String subject = "ip:" + client.ip();
        UUID id = UUID.randomUUID();
        return licenses.budget().check(subject)
                .compose(v -> hasher.hash(request.password()))
                .compose(hash -> users.pool().withTransaction(tx -> users.insert(tx, id, request.username(), request.email(), hash,
                                request.role(), request.maxDevices())
                        .compose(user -> licenses.redeemIn(tx, canonical, id).map(l -> new Registered(user, l)))))
                .recover(err -> {
                    if (err instanceof PgException pg && "23505".equals(pg.getSqlState())) {
                        return Future.failedFuture(new ApiException(ErrorCode.CONFLICT, "Username is already taken"));
                    }
                    return licenses.refused(err, subject, null, client).map(l -> null);
                })
                .compose(r -> cache.invalidate(id).map(r))
                .compose(r -> audit.record(AuditEvent.of("user.register", AuditEvent.Outcome.SUCCESS).actor(id, r.user().username())
                        .target("license", r.license().id()).client(client).build()).map(r));
    }
}
