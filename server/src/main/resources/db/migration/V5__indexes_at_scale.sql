-- Fleet scale (issue 15): indexes for every list, search and lookup on the sign-in, refresh,
-- heartbeat, download and admin paths, and row counts kept by triggers so lists and the
-- overview never count a large table. The query-plan test (server/.../scale/QueryPlanTest)
-- checks every statement of those paths against these indexes at 200,000 rows per table.
--
-- Deliberately not indexed: devices.last_seen_at and sessions.expires_at / last_seen_at. Every
-- heartbeat batch rewrites last_seen_at of every device that beat, and every token refresh
-- rewrites expires_at and last_seen_at of its session; an index on either column would turn
-- those updates from heap-only (HOT) into updates of every index of the table. Lists sort by
-- created_at instead, and the overview recounts those columns once a minute (docs/decisions.md).

-- Substring search (usernames, emails, device names) through trigram indexes.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- users: list orders (newest, name, last sign-in, role), filters and search.
CREATE INDEX users_created ON users (created_at, id);
-- Never signed in sorts as the oldest sign-in, so both directions page through one index.
CREATE INDEX users_last_login ON users ((coalesce(last_login_at, '1970-01-01 00:00:00+00'::timestamptz)), id);
DROP INDEX users_role;
CREATE INDEX users_role_id ON users (role, id);
CREATE INDEX users_blocked ON users (created_at, id) WHERE blocked;
CREATE INDEX users_flagged ON users (created_at, id) WHERE flagged_at IS NOT NULL;
CREATE INDEX users_username_trgm ON users USING gin (lower(username) gin_trgm_ops);
CREATE INDEX users_email_trgm ON users USING gin (lower(email) gin_trgm_ops);

-- devices: all of a user's devices (the entitlements load reads deactivated ones too, which the
-- partial devices_user_active cannot serve), newest first, deactivated ones, search.
CREATE INDEX devices_user ON devices (user_id);
CREATE INDEX devices_created ON devices (created_at, id);
CREATE INDEX devices_inactive ON devices (created_at, id) WHERE deactivated_at IS NOT NULL;
CREATE INDEX devices_name_trgm ON devices USING gin (lower(name) gin_trgm_ops);
CREATE INDEX devices_nickname_trgm ON devices USING gin (lower(nickname) gin_trgm_ops);

-- licenses: newest first, by status, by product, by product and status.
CREATE INDEX licenses_created ON licenses (created_at, id);
CREATE INDEX licenses_status_created ON licenses (status, created_at, id);
CREATE INDEX licenses_product_created ON licenses (product_id, created_at, id);
DROP INDEX licenses_product_status;
CREATE INDEX licenses_product_status_created ON licenses (product_id, status, created_at, id);

-- sessions: newest first (all, or not revoked), all of a user's, the live ones of some devices.
CREATE INDEX sessions_created ON sessions (created_at, id);
CREATE INDEX sessions_live_created ON sessions (created_at, id) WHERE revoked_at IS NULL;
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_device_live ON sessions (device_id) WHERE revoked_at IS NULL;

-- Row counts kept by triggers in the writing transaction, so a reader sees counts that match
-- its own snapshot: totals of the admin lists and the overview's cards without count(*).
-- Statement-level triggers with transition tables add a whole batch (10,000 license keys, an
-- expiry sweep) with one update per counter; row-level ones are used where only a column list
-- keeps them off hot paths (touching last_login_at or last_seen_at fires nothing).
CREATE TABLE row_counts (
    name  varchar(120) PRIMARY KEY,
    n     bigint       NOT NULL
);

-- Adds deltas to counters, creating them as needed. Rows are locked in name order, so two
-- transactions never wait on each other's counters in opposite orders.
CREATE FUNCTION row_counts_add(names text[], deltas bigint[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO row_counts (name, n)
    SELECT d.name, sum(d.delta) FROM unnest(names, deltas) AS d(name, delta)
    GROUP BY d.name HAVING sum(d.delta) <> 0 ORDER BY d.name
    ON CONFLICT (name) DO UPDATE SET n = row_counts.n + excluded.n
$$;

-- Which counters a row counts in.
CREATE FUNCTION users_count_names(u users) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT array_remove(ARRAY['users',
        CASE WHEN u.blocked THEN 'users.blocked' END,
        CASE WHEN u.flagged_at IS NOT NULL THEN 'users.flagged' END,
        'users.role.' || u.role], NULL)
$$;
CREATE FUNCTION devices_count_names(d devices) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT array_remove(ARRAY['devices', CASE WHEN d.deactivated_at IS NULL THEN 'devices.active' END], NULL)
$$;
-- licenses.status.* count the stored status; the overview and lists move active licenses past
-- their expiry (which the job marks expired within a minute) through the licenses_expiry index.
CREATE FUNCTION licenses_count_names(l licenses) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT array_remove(ARRAY['licenses',
        'licenses.status.' || l.status,
        'licenses.product.' || l.product_id,
        'licenses.product.' || l.product_id || '.status.' || l.status,
        CASE WHEN l.user_id IS NOT NULL THEN 'licenses.redeemed' END,
        CASE WHEN l.user_id IS NOT NULL THEN 'licenses.product.' || l.product_id || '.redeemed' END,
        CASE WHEN l.status = 'active' AND l.expires_at IS NULL AND l.duration_days IS NULL THEN 'licenses.active.never' END,
        CASE WHEN l.status = 'active' AND l.expires_at IS NULL AND l.duration_days IS NOT NULL
             THEN 'licenses.active.on_activation' END], NULL)
$$;

CREATE FUNCTION users_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM row_counts_add(array_agg(k), array_agg(1::bigint)) FROM new_rows r, unnest(users_count_names(r)) AS k;
    RETURN NULL;
END $$;
CREATE FUNCTION users_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM row_counts_add(array_agg(k), array_agg(-1::bigint)) FROM old_rows r, unnest(users_count_names(r)) AS k;
    RETURN NULL;
END $$;
CREATE FUNCTION users_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM row_counts_add(users_count_names(NEW) || users_count_names(OLD),
        array_fill(1::bigint, ARRAY[cardinality(users_count_names(NEW))])
            || array_fill(-1::bigint, ARRAY[cardinality(users_count_names(OLD))]));
    RETURN NULL;
END $$;
CREATE TRIGGER users_counts_insert AFTER INSERT ON users REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION users_counts_insert();
CREATE TRIGGER users_counts_delete AFTER DELETE ON users REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION users_counts_delete();
CREATE TRIGGER users_counts_update AFTER UPDATE OF blocked, flagged_at, role ON users FOR EACH ROW
    WHEN (OLD.blocked IS DISTINCT FROM NEW.blocked OR (OLD.flagged_at IS NULL) <> (NEW.flagged_at IS NULL)
          OR OLD.role IS DISTINCT FROM NEW.role)
    EXECUTE FUNCTION users_counts_update();

CREATE FUNCTION devices_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM row_counts_add(array_agg(k), array_agg(1::bigint)) FROM new_rows r, unnest(devices_count_names(r)) AS k;
    RETURN NULL;
END $$;
CREATE FUNCTION devices_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM row_counts_add(array_agg(k), array_agg(-1::bigint)) FROM old_rows r, unnest(devices_count_names(r)) AS k;
    RETURN NULL;
END $$;
-- Deactivations: only a change of deactivated_at fires (heartbeats touch last_seen_at, sign-ins the
-- components). Transition tables cannot be combined with a column list, and a row trigger updating
-- the counter row once per device makes one statement deactivating thousands of devices quadratic
-- (each update walks the versions the earlier ones left); so each row adds to a transaction-local
-- setting and the statement trigger applies the sum once.
CREATE FUNCTION devices_counts_update_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('latchkey.devices_active_delta',
        (coalesce(nullif(current_setting('latchkey.devices_active_delta', true), ''), '0')::bigint
            + CASE WHEN NEW.deactivated_at IS NULL THEN 1 ELSE -1 END)::text, true);
    RETURN NULL;
END $$;
CREATE FUNCTION devices_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    delta bigint := coalesce(nullif(current_setting('latchkey.devices_active_delta', true), ''), '0')::bigint;
BEGIN
    IF delta <> 0 THEN
        PERFORM row_counts_add(ARRAY['devices.active'], ARRAY[delta]);
        PERFORM set_config('latchkey.devices_active_delta', '0', true);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER devices_counts_insert AFTER INSERT ON devices REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION devices_counts_insert();
CREATE TRIGGER devices_counts_delete AFTER DELETE ON devices REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION devices_counts_delete();
CREATE TRIGGER devices_counts_update_row AFTER UPDATE OF deactivated_at ON devices FOR EACH ROW
    WHEN ((OLD.deactivated_at IS NULL) <> (NEW.deactivated_at IS NULL))
    EXECUTE FUNCTION devices_counts_update_row();
CREATE TRIGGER devices_counts_update AFTER UPDATE OF deactivated_at ON devices
    FOR EACH STATEMENT EXECUTE FUNCTION devices_counts_update();

CREATE FUNCTION licenses_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM row_counts_add(array_agg(k), array_agg(1::bigint)) FROM new_rows r, unnest(licenses_count_names(r)) AS k;
    RETURN NULL;
END $$;
CREATE FUNCTION licenses_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM row_counts_add(array_agg(k), array_agg(-1::bigint)) FROM old_rows r, unnest(licenses_count_names(r)) AS k;
    RETURN NULL;
END $$;
-- Statement-level, because the expiry job changes the status of many licenses in one statement.
CREATE FUNCTION licenses_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM row_counts_add(array_agg(c.k), array_agg(c.d)) FROM (
        SELECT k, 1::bigint AS d FROM new_rows r, unnest(licenses_count_names(r)) AS k
        UNION ALL
        SELECT k, -1::bigint FROM old_rows r, unnest(licenses_count_names(r)) AS k) AS c;
    RETURN NULL;
END $$;
CREATE TRIGGER licenses_counts_insert AFTER INSERT ON licenses REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION licenses_counts_insert();
CREATE TRIGGER licenses_counts_delete AFTER DELETE ON licenses REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION licenses_counts_delete();
CREATE TRIGGER licenses_counts_update AFTER UPDATE ON licenses REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION licenses_counts_update();

-- TRUNCATE fires no row triggers: the counters of the table start over.
CREATE FUNCTION row_counts_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM row_counts WHERE name = TG_TABLE_NAME OR name LIKE TG_TABLE_NAME || '.%';
    RETURN NULL;
END $$;
CREATE TRIGGER users_counts_truncate AFTER TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION row_counts_truncate();
CREATE TRIGGER devices_counts_truncate AFTER TRUNCATE ON devices FOR EACH STATEMENT EXECUTE FUNCTION row_counts_truncate();
CREATE TRIGGER licenses_counts_truncate AFTER TRUNCATE ON licenses FOR EACH STATEMENT EXECUTE FUNCTION row_counts_truncate();

-- Counts everything afresh: here for the rows that exist before this migration, and by hand after
-- loading rows with triggers off (session_replication_role = replica), as the benchmarks do.
CREATE FUNCTION row_counts_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    LOCK TABLE users, devices, licenses IN SHARE MODE;
    DELETE FROM row_counts;
    INSERT INTO row_counts (name, n)
    SELECT k, count(*) FROM (
        SELECT unnest(users_count_names(u)) AS k FROM users u
        UNION ALL SELECT unnest(devices_count_names(d)) FROM devices d
        UNION ALL SELECT unnest(licenses_count_names(l)) FROM licenses l) AS c
    GROUP BY k;
END $$;
DO $$ BEGIN PERFORM row_counts_rebuild(); END $$;

-- Statistics for the new expression indexes (trigram search selectivity, sign-in order) now, not
-- after autovacuum next decides these tables changed enough.
ANALYZE users, devices, licenses, sessions;
