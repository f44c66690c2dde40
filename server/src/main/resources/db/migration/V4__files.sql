-- Distributed files: one row per encrypted container stored as DATA_DIR/files/<id>.lkc.
-- The row holds what a client needs to trust the bytes (plaintext digest and its Ed25519 signature)
-- and the file's data key wrapped under the master key; the key itself is never stored in clear.

CREATE TABLE files (
    id                uuid PRIMARY KEY,
    product_id        uuid          NOT NULL REFERENCES products (id),
    name              varchar(200)  NOT NULL CHECK (length(btrim(name)) > 0),
    version           varchar(100)  NOT NULL CHECK (length(btrim(version)) > 0),
    -- Lowercase names keep 'Beta' and 'beta' from being two channels and from missing 'channel:beta'.
    channel           varchar(32)   NOT NULL DEFAULT 'stable' CHECK (channel ~ '^[a-z0-9][a-z0-9._-]{0,31}$'),
    required_feature  varchar(100)  CHECK (required_feature IS NULL OR length(btrim(required_feature)) > 0),
    notes             text          CHECK (notes IS NULL OR length(notes) <= 2000),
    size              bigint        NOT NULL CHECK (size >= 0),
    segment_size      integer       NOT NULL CHECK (segment_size BETWEEN 16 AND 16777216),
    -- Exactly what the LKC1 layout gives for this plaintext size: header, data, one tag per segment.
    container_size    bigint        NOT NULL,
    sha256            bytea         NOT NULL CHECK (length(sha256) = 32),
    signature         bytea         NOT NULL CHECK (length(signature) = 64),
    -- nonce(12) || AES-256-GCM(master key, DEK) || tag(16); rewritten (only) by master-key rotation.
    wrapped_dek       bytea         NOT NULL CHECK (length(wrapped_dek) = 60),
    status            varchar(10)   NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'yanked')),
    created_by        uuid          REFERENCES users (id) ON DELETE SET NULL,
    created_at        timestamptz   NOT NULL DEFAULT now(),
    updated_at        timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT files_container_size CHECK (
        container_size = 31 + size + 16 * greatest(1, (size + segment_size - 1) / segment_size)),
    CONSTRAINT files_release_unique UNIQUE (product_id, name, version, channel)
);
CREATE INDEX files_product_published ON files (product_id, created_at DESC) WHERE status = 'published';
CREATE INDEX files_created ON files (created_at DESC);
