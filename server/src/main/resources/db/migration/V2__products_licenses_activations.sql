-- Products, license keys, activations of licenses on devices, HWID blacklist, job clock.

CREATE TABLE products (
    id                  uuid PRIMARY KEY,
    name                varchar(100) NOT NULL,
    description         text,
    heartbeat_interval  integer      NOT NULL DEFAULT 300 CHECK (heartbeat_interval BETWEEN 10 AND 86400),
    grace_period        integer      NOT NULL DEFAULT 1800 CHECK (grace_period BETWEEN 60 AND 2592000),
    free_seats          boolean      NOT NULL DEFAULT false,
    seat_timeout        integer      NOT NULL DEFAULT 86400 CHECK (seat_timeout BETWEEN 60 AND 31536000),
    created_at          timestamptz  NOT NULL DEFAULT now(),
    updated_at          timestamptz  NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX products_name_ci ON products (lower(name));

CREATE TABLE licenses (
    id                      uuid PRIMARY KEY,
    product_id              uuid         NOT NULL REFERENCES products (id),
    -- Only a keyed hash of the key is kept, and its last four symbols for people to recognise it.
    key_hash                bytea        NOT NULL UNIQUE,
    key_last4               char(4)      NOT NULL,
    status                  varchar(10)  NOT NULL DEFAULT 'active'
                                         CHECK (status IN ('active', 'suspended', 'revoked', 'expired')),
    user_id                 uuid         REFERENCES users (id) ON DELETE SET NULL,
    redeemed_at             timestamptz,
    expires_at              timestamptz,
    duration_days           integer      CHECK (duration_days BETWEEN 1 AND 36500),
    max_activations         integer      NOT NULL DEFAULT 1 CHECK (max_activations BETWEEN 0 AND 100000),
    features                text[]       NOT NULL DEFAULT '{}',
    note                    text,
    first_activated_at      timestamptz,
    last_self_deactivation  timestamptz,
    expiring_notified_at    timestamptz,
    created_at              timestamptz  NOT NULL DEFAULT now(),
    updated_at              timestamptz  NOT NULL DEFAULT now()
);
-- duration_days without expires_at: the clock starts at the first activation, which sets expires_at.
CREATE INDEX licenses_user ON licenses (user_id);
CREATE INDEX licenses_product_status ON licenses (product_id, status);
CREATE INDEX licenses_expiry ON licenses (expires_at) WHERE status = 'active' AND expires_at IS NOT NULL;

CREATE TABLE activations (
    license_id    uuid         NOT NULL REFERENCES licenses (id) ON DELETE CASCADE,
    device_id     uuid         NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    activated_at  timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (license_id, device_id)
);
CREATE INDEX activations_device ON activations (device_id);

ALTER TABLE devices ADD COLUMN nickname varchar(100);
ALTER TABLE users ADD COLUMN last_hwid_reset_at timestamptz;

CREATE TABLE hwid_blacklist (
    id          uuid PRIMARY KEY,
    components  jsonb        NOT NULL,
    reason      varchar(200),
    created_by  uuid,
    created_at  timestamptz  NOT NULL DEFAULT now()
);

-- One row: since when the servers have been running without a gap (seat freeing must not
-- count an outage of the server as silence of the devices).
CREATE TABLE cluster_clock (
    id         boolean PRIMARY KEY DEFAULT true CHECK (id),
    up_since   timestamptz NOT NULL,
    last_tick  timestamptz NOT NULL
);
