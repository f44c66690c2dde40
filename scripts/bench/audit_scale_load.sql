-- Bulk data for scripts/bench/audit-scale.sh: :users users with one device each, and :events audit events
-- spread evenly over the :months months before now, shaped like a fleet's trail (mostly desktop sign-ins and
-- token refreshes of many users, failed sign-ins from a few hundred addresses, admin and job events).
--   psql -v users=1000000 -v events=5000000 -v months=14 -f audit_scale_load.sql    (on a migrated database)
-- Ids are derived from numbers (md5 as uuid), so events point at real users and devices.
\set ON_ERROR_STOP on
\timing on

-- Rows in key order: each index grows at its right edge instead of being written all over.
-- Never a valid PHC string: nobody can sign in as these users.
INSERT INTO users (id, username, password_hash, role, created_at, last_login_at)
SELECT md5('u' || n)::uuid, 'fleet_user_' || lpad(n::text, 7, '0'), '!bench-no-login', 'user',
       now() - interval '430 days', now() - (n % 500) * interval '1 hour'
FROM generate_series(1, :users) AS n ORDER BY 1;
INSERT INTO users (id, username, password_hash, role)
SELECT md5('a' || n)::uuid, 'fleet_admin_' || n, '!bench-no-login', 'admin' FROM generate_series(1, 20) AS n;

-- Every device's user was just inserted: the foreign key check per row is skipped for the load.
SET session_replication_role = replica;
INSERT INTO devices (id, user_id, name, components, created_at)
SELECT md5('d' || n)::uuid, md5('u' || n)::uuid, 'PC-' || n,
       jsonb_build_object('cpu', md5('cpu' || n), 'disk', md5('disk' || n)),
       now() - interval '430 days'
FROM generate_series(1, :users) AS n ORDER BY 1;
INSERT INTO device_seen (device_id, last_seen_at)
SELECT md5('d' || n)::uuid, now() - (n % 1440) * interval '1 minute' FROM generate_series(1, :users) AS n ORDER BY 1;
RESET session_replication_role;

-- The events go in without the audit indexes, which are built afterwards (sorted, once per partition): many
-- times faster than growing six indexes on random keys row by row. Their definitions are read back from the
-- catalog, so this follows whatever the migrations define.
CREATE TEMP TABLE audit_index_defs AS
SELECT c.conname AS name, 'ALTER TABLE audit_events ADD CONSTRAINT ' || quote_ident(c.conname) || ' '
       || pg_get_constraintdef(c.oid) AS def, true AS is_constraint
FROM pg_constraint c WHERE c.conrelid = 'audit_events'::regclass AND c.contype IN ('p', 'u')
UNION ALL
-- (A partitioned index's definition reads ON ONLY, which would leave it without its partitions' indexes.)
SELECT i.indexname, replace(i.indexdef, ' ON ONLY ', ' ON '), false FROM pg_indexes i
WHERE i.tablename = 'audit_events' AND i.schemaname = current_schema()
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = 'audit_events'::regclass AND c.conname = i.indexname);
SELECT name, def FROM audit_index_defs;
DO $$
DECLARE d record;
BEGIN
    FOR d IN SELECT * FROM audit_index_defs LOOP
        IF d.is_constraint THEN
            EXECUTE format('ALTER TABLE audit_events DROP CONSTRAINT %I', d.name);
        ELSE
            EXECUTE format('DROP INDEX %I', d.name);
        END IF;
    END LOOP;
END
$$;

SELECT set_config('bench.start', (now() - make_interval(months => :months))::text, false),
       set_config('bench.span', (now() - (now() - make_interval(months => :months)))::text, false),
       set_config('bench.users', :'users', false);

-- The months a server running all along would have made partitions for (audit/AuditPartitions' names and bounds).
DO $$
DECLARE m date;
BEGIN
    FOR m IN SELECT generate_series(date_trunc('month', current_setting('bench.start')::timestamptz AT TIME ZONE 'UTC'),
                                    date_trunc('month', now() AT TIME ZONE 'UTC'), interval '1 month')::date LOOP
        EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF audit_events FOR VALUES FROM (%L) TO (%L)',
                       'audit_events_p' || to_char(m, 'YYYYMM'), to_char(m, 'YYYY-MM-DD') || ' 00:00:00+00',
                       to_char(m + interval '1 month', 'YYYY-MM-DD') || ' 00:00:00+00');
    END LOOP;
END
$$;


-- Kinds of event by share (cumulative bounds of random()): action, target type, outcome, who acts.
INSERT INTO audit_events (occurred_at, actor_id, actor_name, action, target_type, target_id, ip, user_agent, outcome, details)
SELECT e.at,
       CASE WHEN e.kind IN ('system', 'unknown') THEN NULL WHEN e.kind = 'admin' THEN md5('a' || e.admin)::uuid
            ELSE md5('u' || e.u)::uuid END,
       CASE e.kind WHEN 'system' THEN 'system' WHEN 'unknown' THEN 'nobody_' || (e.u % 50000)
            WHEN 'admin' THEN 'fleet_admin_' || e.admin WHEN 'named' THEN 'fleet_user_' || lpad(e.u::text, 7, '0') END,
       e.action, e.target_type,
       CASE e.target_type WHEN 'device' THEN md5('d' || e.u)::uuid::text WHEN 'license' THEN md5('l' || e.u)::uuid::text
            WHEN 'session' THEN md5('s' || e.i)::uuid::text WHEN 'file' THEN md5('f' || (e.u % 200))::uuid::text
            WHEN 'product' THEN md5('p' || (e.u % 50))::uuid::text WHEN 'user' THEN md5('u' || e.u)::uuid::text
            WHEN 'ip_block' THEN md5('b' || e.i)::uuid::text END,
       CASE WHEN e.kind = 'unknown' OR e.action = 'ip.auto_block' THEN '203.0.113.' || (e.u % 200)
            WHEN e.kind = 'system' THEN NULL WHEN e.kind = 'admin' THEN '192.0.2.' || e.admin
            ELSE '10.' || (e.u >> 16) % 256 || '.' || (e.u >> 8) % 256 || '.' || e.u % 256 END,
       CASE WHEN e.kind = 'system' THEN NULL WHEN e.kind = 'admin' THEN 'curl/8.5.0'
            ELSE 'LatchkeyClient/1.' || (e.u % 7) || ' (Windows 11; x64)' END,
       e.outcome,
       CASE WHEN e.outcome = 'failure' THEN '{"reason":"invalid_credentials"}'::jsonb
            WHEN e.kind = 'system' THEN jsonb_build_object('user_id', md5('u' || e.u)::uuid) ELSE '{}'::jsonb END
FROM (
    SELECT g.i, g.at, g.u, g.admin,
           (ARRAY['auth.refresh', 'auth.client_login', 'auth.client_login', 'auth.login', 'auth.login', 'license.activate',
                  'device.registered', 'license.redeem', 'license.expired', 'license.seat_freed', 'file.download', 'auth.token',
                  'license.issue', 'user.create', 'ip.block', 'ip.auto_block', 'session.revoke', 'user.update'])[g.k] AS action,
           (ARRAY['session', 'device', NULL, NULL, 'session', 'license', 'device', 'license', 'license', 'license', 'file', NULL,
                  'product', 'user', 'ip_block', 'ip_block', 'session', 'user'])[g.k] AS target_type,
           (ARRAY['success', 'success', 'failure', 'failure', 'success', 'success', 'success', 'success', 'success', 'success',
                  'success', 'success', 'success', 'success', 'success', 'success', 'success', 'success'])[g.k] AS outcome,
           (ARRAY['user', 'named', 'named', 'unknown', 'named', 'user', 'user', 'user', 'system', 'system', 'user', 'admin',
                  'admin', 'admin', 'admin', 'system', 'admin', 'admin'])[g.k] AS kind
    FROM (
        SELECT i,
               current_setting('bench.start')::timestamptz
                   + current_setting('bench.span')::interval * ((i - 1 + random()) / :events) AS at,
               -- a few users are much busier than most
               1 + floor(current_setting('bench.users')::int * random() ^ 2)::int AS u,
               1 + (i % 20)::int AS admin,
               1 + width_bucket(random(), ARRAY[0.35, 0.55, 0.60, 0.63, 0.66, 0.72, 0.75, 0.78, 0.80, 0.82, 0.90, 0.93, 0.96,
                                                0.97, 0.975, 0.98, 0.99]::float8[]) AS k
        FROM generate_series(1, :events) AS i
    ) AS g
) AS e;

SET maintenance_work_mem = '512MB';
DO $$
DECLARE d record;
BEGIN
    FOR d IN SELECT * FROM audit_index_defs ORDER BY is_constraint DESC LOOP
        EXECUTE d.def;
    END LOOP;
END
$$;

-- PostgreSQL here runs without autovacuum: statistics (and the visibility map) as production's would have them.
VACUUM ANALYZE users;
VACUUM ANALYZE devices;
VACUUM ANALYZE audit_events;
