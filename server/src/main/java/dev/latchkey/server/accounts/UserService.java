package dev.latchkey.server.accounts;

import dev.latchkey.server.audit.AuditEvent;
import dev.latchkey.server.audit.AuditService;
import dev.latchkey.server.auth.Credentials;
import dev.latchkey.server.auth.PasswordHasher;
import dev.latchkey.server.auth.SessionService;
import dev.latchkey.server.devices.DeviceService;
import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.ClientInfo;
import dev.latchkey.server.http.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/** Account administration: create, change, block, reset devices. Every write is audited. */
public final class UserService {

    private static final Logger LOG = Logger.getLogger(UserService.class.getName());
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,189}\\.[^@\\s]{1,63}");
    public static final int DEFAULT_MAX_DEVICES = 3;

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final SessionService sessions;
    private final DeviceService devices;
    private final AuditService audit;

    public UserService(UserRepository users, PasswordHasher hasher, SessionService sessions, DeviceService devices,
                       AuditService audit) {
        this.users = users;
        this.hasher = hasher;
        this.sessions = sessions;
        this.devices = devices;
        this.audit = audit;
    }

    /** Who is doing an admin action, for the audit trail. */
    public record Actor(UUID id, String name, ClientInfo client) {
    }

    public record NewUser(String username, String password, String email, String role, int maxDevices) {
        @Override
        public String toString() {
            return "NewUser[" + username + ", " + role + "]";
        }
    }

    /** Validates a request to create a user; role and device limit only where the caller may set them. */
    public static NewUser newUser(String username, String password, String email, String role, Integer maxDevices) {
        return new NewUser(Credentials.username(username), Credentials.password(password), email(email),
                role == null ? "user" : role(role), maxDevices == null ? DEFAULT_MAX_DEVICES : maxDevices(maxDevices));
    }

    public Future<User> create(NewUser request, Actor actor) {
        UUID id = UUID.randomUUID();
        return hasher.hash(request.password())
                .compose(hash -> users.insert(id, request.username(), request.email(), hash, request.role(), request.maxDevices()))
                .recover(err -> Future.failedFuture(isUniqueViolation(err)
                        ? new ApiException(ErrorCode.CONFLICT, "Username is already taken") : err))
                .compose(user -> audit.record(AuditEvent.of("user.create", AuditEvent.Outcome.SUCCESS)
                        .actor(actor.id(), actor.name()).target("user", user.id()).client(actor.client())
                        .detail("username", user.username()).detail("role", user.role()).build()).map(user));
    }

    public Future<dev.latchkey.server.lists.ListPage> list(String query, dev.latchkey.server.lists.PageRequest page) {
        return users.list(query, page);
    }

    public Future<User> get(UUID id) {
        return users.findById(id).map(u -> u.orElseThrow(() -> ApiException.notFound("User")));
    }

    /** A partial change; blocking or a role change ends the user's sessions at once. */
    public record Change(Boolean blocked, String role, Integer maxDevices, boolean setEmail, String email, boolean clearFlag) {
        /** {@code flagged} may only be set to false: clearing an automatic flag after review. */
        public static Change of(Boolean blocked, String role, Integer maxDevices, boolean setEmail, String email, Boolean flagged) {
            if (Boolean.TRUE.equals(flagged)) {
                throw ApiException.validation("flagged can only be cleared (false); flags are set by the automatic rules");
            }
            return new Change(blocked, role == null ? null : UserService.role(role),
                    maxDevices == null ? null : UserService.maxDevices(maxDevices), setEmail, setEmail ? UserService.email(email) : null,
                    Boolean.FALSE.equals(flagged));
        }

        boolean empty() {
            return blocked == null && role == null && maxDevices == null && !setEmail && !clearFlag;
        }
    }

    public Future<User> update(UUID id, Change change, Actor actor) {
        if (change.empty()) {
            return Future.failedFuture(ApiException.validation("Nothing to change: give blocked, role, max_devices, email or flagged"));
        }
        if (id.equals(actor.id()) && (Boolean.TRUE.equals(change.blocked()) || change.role() != null && !"admin".equals(change.role()))) {
            // Why: an admin who blocks or demotes themself can lock every admin out of the dashboard.
            return Future.failedFuture(ApiException.forbidden("Administrators cannot block or demote themselves"));
        }
        return get(id).compose(before -> users.update(id, change.blocked(), change.role(), change.maxDevices(),
                        change.setEmail(), change.email(), change.clearFlag())
                .map(u -> u.orElseThrow(() -> ApiException.notFound("User")))
                .compose(after -> endSessionsIfNeeded(before, after).compose(ended -> audit.record(
                        AuditEvent.of(auditAction(before, after), AuditEvent.Outcome.SUCCESS)
                                .actor(actor.id(), actor.name()).target("user", id).client(actor.client())
                                .detail("blocked", change.blocked()).detail("role", change.role())
                                .detail("max_devices", change.maxDevices()).detail("email_changed", change.setEmail() ? true : null)
                                .detail("flag_cleared", change.clearFlag() ? true : null)
                                .detail("sessions_ended", ended).build()).map(after))));
    }

    private Future<Integer> endSessionsIfNeeded(User before, User after) {
        if (after.blocked() && !before.blocked()) {
            return sessions.revokeAll(after.id(), "blocked").map(java.util.List::size);
        }
        if (!after.role().equals(before.role())) {
            // Access tokens carry the role: end them so no token outlives its privileges.
            return sessions.revokeAll(after.id(), "role_changed").map(java.util.List::size);
        }
        return Future.succeededFuture(0);
    }

    private static String auditAction(User before, User after) {
        if (after.blocked() != before.blocked()) {
            return after.blocked() ? "user.block" : "user.unblock";
        }
        return "user.update";
    }

    /** Frees every device of the user; client sessions bound to them end too. */
    public Future<JsonObject> resetHwid(UUID id, Actor actor) {
        return get(id).compose(user -> devices.resetAll(user.id(), actor.id())
                .compose(list -> sessions.revokeAll(user.id(), "hwid_reset").map(ended -> {
                    int n = list.size();
                    return new JsonObject().put("devices_reset", n).put("sessions_ended", ended.size());
                }))
                .compose(result -> audit.record(AuditEvent.of("user.hwid_reset", AuditEvent.Outcome.SUCCESS)
                        .actor(actor.id(), actor.name()).target("user", id).client(actor.client())
                        .detail("devices_reset", result.getInteger("devices_reset")).build()).map(result)));
    }

    /** Creates the configured admin when no admin exists yet (first start). */
    public Future<Optional<User>> bootstrapAdmin(Optional<String> username, Optional<String> password) {
        if (username.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        if (password.isEmpty()) {
            return Future.failedFuture(new dev.latchkey.server.config.ConfigException(
                    "LATCHKEY_ADMIN_USERNAME is set but LATCHKEY_ADMIN_PASSWORD is not"));
        }
        NewUser request;
        try {
            request = newUser(username.get(), password.get(), null, "admin", null);
        } catch (ApiException e) {
            return Future.failedFuture(new dev.latchkey.server.config.ConfigException("LATCHKEY_ADMIN_*: " + e.getMessage()));
        }
        return users.anyAdmin().compose(exists -> {
            if (exists) {
                return Future.succeededFuture(Optional.<User>empty());
            }
            return create(request, new Actor(null, "bootstrap", ClientInfo.local("startup")))
                    .map(u -> {
                        LOG.info("Created administrator '" + u.username() + "' from LATCHKEY_ADMIN_USERNAME");
                        return Optional.of(u);
                    })
                    .recover(err -> {
                        if (err instanceof ApiException api && api.code() == ErrorCode.CONFLICT) {
                            LOG.warning("LATCHKEY_ADMIN_USERNAME names an existing non-admin user; no administrator was created");
                            return Future.succeededFuture(Optional.empty());
                        }
                        return Future.failedFuture(err);
                    });
        });
    }

    static boolean isUniqueViolation(Throwable err) {
        return err instanceof PgException pg && "23505".equals(pg.getSqlState());
    }

    static String role(String role) {
        if (!User.ROLES.contains(role)) {
            throw ApiException.validation("role must be one of user, vip, admin");
        }
        return role;
    }

    static int maxDevices(int n) {
        if (n < 0 || n > 1000) {
            throw ApiException.validation("max_devices must be between 0 and 1000");
        }
        return n;
    }

    static String email(String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        String e = email.trim();
        if (e.length() > 254 || !EMAIL.matcher(e).matches()) {
            throw ApiException.validation("email is not a valid address");
        }
        return e;
    }
}
