package dev.latchkey.server.audit;

import dev.latchkey.server.http.ClientInfo;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * One line of the audit trail. Details must never carry a password, token or license key:
 * callers put identifiers and reasons there, nothing secret.
 */
public record AuditEvent(
        Instant occurredAt,
        UUID actorId,
        String actorName,
        String action,
        String targetType,
        String targetId,
        String ip,
        String userAgent,
        Outcome outcome,
        JsonObject details) {

    public enum Outcome {
        SUCCESS, FAILURE, DENIED;

        public String dbValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static Builder of(String action, Outcome outcome) {
        return new Builder(action, outcome);
    }

    /** Fluent construction; unset fields stay null. */
    public static final class Builder {
        private final String action;
        private final Outcome outcome;
        private UUID actorId;
        private String actorName;
        private String targetType;
        private String targetId;
        private ClientInfo client;
        private final JsonObject details = new JsonObject();

        private Builder(String action, Outcome outcome) {
            this.action = action;
            this.outcome = outcome;
        }

        public Builder actor(UUID id, String name) {
            this.actorId = id;
            this.actorName = name;
            return this;
        }

        public Builder target(String type, Object id) {
            this.targetType = type;
            this.targetId = id == null ? null : id.toString();
            return this;
        }

        public Builder client(ClientInfo client) {
            this.client = client;
            return this;
        }

        public Builder detail(String key, Object value) {
            if (value != null) {
                details.put(key, value instanceof UUID || value instanceof Instant ? value.toString() : value);
            }
            return this;
        }

        /** Fields are cut to their column sizes: one oversized value must never block the audit queue. */
        public AuditEvent build() {
            return new AuditEvent(Instant.now(), actorId, cut(actorName, 64), cut(action, 64), cut(targetType, 32),
                    cut(targetId, 64), client == null ? null : cut(client.ip(), 64),
                    client == null ? null : cut(client.userAgent(), 512), outcome, details);
        }

        private static String cut(String s, int max) {
            return s == null || s.length() <= max ? s : s.substring(0, max);
        }
    }
}
