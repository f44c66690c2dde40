package dev.latchkey.server.accounts;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An account. The password hash stays inside the server: {@link #toJson()} leaves it out. */
public record User(UUID id, String username, String email, String passwordHash, String role, boolean blocked,
                   int maxDevices, OffsetDateTime createdAt, OffsetDateTime lastLoginAt, OffsetDateTime flaggedAt,
                   String flagReason) {

    public static final String COLUMNS = "id, username, email, password_hash, role, blocked, max_devices, created_at, last_login_at, "
            + "flagged_at, flag_reason";
    public static final java.util.Set<String> ROLES = java.util.Set.of("user", "vip", "admin");

    public static User from(Row r) {
        return new User(r.getUUID("id"), r.getString("username"), r.getString("email"), r.getString("password_hash"),
                r.getString("role"), r.getBoolean("blocked"), r.getInteger("max_devices"),
                r.getOffsetDateTime("created_at"), r.getOffsetDateTime("last_login_at"), r.getOffsetDateTime("flagged_at"),
                r.getString("flag_reason"));
    }

    public boolean isAdmin() {
        return "admin".equals(role);
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("username", username)
                .put("email", email)
                .put("role", role)
                .put("blocked", blocked)
                .put("max_devices", maxDevices)
                .put("created_at", createdAt == null ? null : createdAt.toInstant().toString())
                .put("last_login_at", lastLoginAt == null ? null : lastLoginAt.toInstant().toString())
                .put("flagged_at", flaggedAt == null ? null : flaggedAt.toInstant().toString())
                .put("flag_reason", flagReason);
    }

    @Override
    public String toString() {
        // Why: keep the password hash out of any log line that prints a user.
        return "User[" + id + ", " + username + ", " + role + (blocked ? ", blocked" : "") + "]";
    }
}
