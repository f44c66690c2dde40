-- Accounts, devices, sessions (web and desktop), refresh tokens and the audit trail.

CREATE TABLE users (
    id             uuid PRIMARY KEY,
    username       varchar(50)  NOT NULL CHECK (username ~ '^[A-Za-z0-9_]{3,50}$'),
    email          varchar(254),
    password_hash  text         NOT NULL,
    role           varchar(10)  NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'vip', 'admin')),
    blocked        boolean      NOT NULL DEFAULT false,
    max_devices    integer      NOT NULL DEFAULT 3 CHECK (max_devices BETWEEN 0 AND 1000),
    created_at     timestamptz  NOT NULL DEFAULT now(),
    last_login_at  timestamptz
);
-- Usernames are unique whatever their case: "Alice" and "alice" are one account.
CREATE UNIQUE INDEX users_username_ci ON users (lower(username));
CREATE INDEX users_role ON users (role);

CREATE TABLE devices (
    id              uuid PRIMARY KEY,
    user_id         uuid         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name            varchar(100),
    components      jsonb        NOT NULL,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    last_seen_at    timestamptz  NOT NULL DEFAULT now(),
    deactivated_at  timestamptz
);
CREATE INDEX devices_user_active ON devices (user_id) WHERE deactivated_at IS NULL;

CREATE TABLE hwid_history (
    id              bigserial PRIMARY KEY,
    device_id       uuid         REFERENCES devices (id) ON DELETE CASCADE,
    user_id         uuid         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    changed_at      timestamptz  NOT NULL DEFAULT now(),
    reason          varchar(32)  NOT NULL,
    old_components  jsonb,
    new_components  jsonb,
    actor_id        uuid
);
CREATE INDEX hwid_history_user ON hwid_history (user_id, changed_at DESC);

CREATE TABLE sessions (
    id              uuid PRIMARY KEY,
    user_id         uuid         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind            varchar(10)  NOT NULL CHECK (kind IN ('web', 'client', 'api')),
    token_hash      bytea UNIQUE,
    device_id       uuid         REFERENCES devices (id) ON DELETE SET NULL,
    ip              varchar(64),
    user_agent      varchar(512),
    created_at      timestamptz  NOT NULL DEFAULT now(),
    last_seen_at    timestamptz  NOT NULL DEFAULT now(),
    expires_at      timestamptz  NOT NULL,
    revoked_at      timestamptz,
    revoked_reason  varchar(32)
);
CREATE INDEX sessions_user_live ON sessions (user_id) WHERE revoked_at IS NULL;

CREATE TABLE refresh_tokens (
    token_hash  bytea PRIMARY KEY,
    session_id  uuid         NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    expires_at  timestamptz  NOT NULL,
    spent_at    timestamptz
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

CREATE TABLE audit_events (
    id           bigserial PRIMARY KEY,
    occurred_at  timestamptz  NOT NULL,
    actor_id     uuid,
    actor_name   varchar(64),
    action       varchar(64)  NOT NULL,
    target_type  varchar(32),
    target_id    varchar(64),
    ip           varchar(64),
    user_agent   varchar(512),
    outcome      varchar(16)  NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
    details      jsonb        NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_events_time ON audit_events (occurred_at DESC);
CREATE INDEX audit_events_action ON audit_events (action, occurred_at DESC);
CREATE INDEX audit_events_actor ON audit_events (actor_id, occurred_at DESC);
CREATE INDEX audit_events_target ON audit_events (target_id, occurred_at DESC);
