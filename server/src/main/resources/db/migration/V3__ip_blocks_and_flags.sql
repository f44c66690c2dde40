-- IP and CIDR blocks (manual and automatic) and accounts flagged for an admin to review.

CREATE TABLE ip_blocks (
    id          uuid PRIMARY KEY,
    cidr        cidr         NOT NULL,
    reason      varchar(200),
    automatic   boolean      NOT NULL DEFAULT false,
    expires_at  timestamptz,
    created_by  uuid,
    created_at  timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX ip_blocks_expiry ON ip_blocks (expires_at);

ALTER TABLE users ADD COLUMN flagged_at timestamptz;
ALTER TABLE users ADD COLUMN flag_reason varchar(200);
