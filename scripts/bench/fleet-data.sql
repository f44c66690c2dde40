-- A fleet of :rows users, each with one device, one license (on one of 20 products), one session
-- and its refresh tokens, and :events audit events; built with set-based SQL into a migrated
-- database. Used by scripts/bench/dashboard-scale.sh (psql -v rows=... -v events=...) and by the
-- query-plan test (server/.../scale/QueryPlanTest, which substitutes :rows and :events itself).
--
-- Ids are md5 of a tag and the row number, so rows of different tables can point at each other
-- without lookups (device i belongs to user i, license i is activated on device i, ...).
-- Spreads (roles, states, ages) are chosen so every list filter and overview card has rows in it.
-- Password hashes are not valid PHC strings: nobody signs in as these users.

INSERT INTO products (id, name, heartbeat_interval, grace_period, created_at)
SELECT md5('p' || p)::uuid, 'Product ' || p, 300, 1800, now() - interval '800 days'
FROM generate_series(0, 19) AS p;

INSERT INTO users (id, username, email, password_hash, role, blocked, max_devices, created_at, last_login_at, flagged_at, flag_reason)
SELECT md5('u' || i)::uuid,
       'user' || lpad(i::text, 7, '0'),
       CASE WHEN i % 2 = 0 THEN 'user' || i || '@example.com' END,
       'not-a-password-hash',
       CASE WHEN i % 10000 = 0 THEN 'admin' WHEN i % 100 = 0 THEN 'vip' ELSE 'user' END,
       i % 200 = 0,
       3,
       now() - (i % 730) * interval '1 day' - (i % 86400) * interval '1 second',
       CASE WHEN i % 10 <> 0 THEN now() - ((i::bigint * 7919) % 43200) * interval '1 minute' END,
       CASE WHEN i % 500 = 1 THEN now() - (i % 30) * interval '1 day' END,
       CASE WHEN i % 500 = 1 THEN 'device refusals' END
FROM generate_series(1, :rows) AS i;

INSERT INTO devices (id, user_id, name, nickname, components, created_at, deactivated_at)
SELECT md5('d' || i)::uuid,
       md5('u' || i)::uuid,
       'DESKTOP-' || upper(substr(md5('n' || i), 1, 7)),
       CASE WHEN i % 10 = 0 THEN 'Laptop ' || i END,
       jsonb_build_object('cpu', encode(sha256(('c' || i)::bytea), 'hex'), 'disk', encode(sha256(('k' || i)::bytea), 'hex'),
                          'machine', encode(sha256(('m' || i)::bytea), 'hex')),
       now() - (i % 365) * interval '1 day' - interval '1 hour',
       CASE WHEN i % 33 = 0 THEN now() - (i % 30) * interval '1 day' END
FROM generate_series(1, :rows) AS i;

INSERT INTO device_seen (device_id, last_seen_at)
SELECT md5('d' || i)::uuid,
       CASE WHEN i % 10 < 3 THEN now() - (i % 600) * interval '1 second'
            WHEN i % 10 < 8 THEN now() - (i % 86400) * interval '1 second'
            ELSE now() - (i % 90) * interval '1 day' - interval '1 day' END
FROM generate_series(1, :rows) AS i;

INSERT INTO hwid_history (device_id, user_id, changed_at, reason, new_components, actor_id)
SELECT md5('d' || i)::uuid, md5('u' || i)::uuid, now() - (i % 365) * interval '1 day', 'registered',
       jsonb_build_object('cpu', encode(sha256(('c' || i)::bytea), 'hex')), md5('u' || i)::uuid
FROM generate_series(1, :rows) AS i;

-- Status: 90% active, 3% suspended, 2% revoked, 5% expired; every tenth unredeemed; a fifth perpetual,
-- a fifth counted from first activation (duration_days), the rest ending within two years.
INSERT INTO licenses (id, product_id, key_hash, key_last4, status, user_id, redeemed_at, expires_at, duration_days,
                      max_activations, features, note, first_activated_at, created_at, updated_at)
SELECT md5('l' || i)::uuid,
       md5('p' || (i % 20))::uuid,
       sha256(('key' || i)::bytea),
       upper(substr(md5('key' || i), 1, 4)),
       s.status,
       CASE WHEN i % 10 <> 9 THEN md5('u' || i)::uuid END,
       CASE WHEN i % 10 <> 9 THEN now() - (i % 700) * interval '1 day' END,
       CASE WHEN s.status = 'expired' THEN now() - (1 + i % 300) * interval '1 day'
            WHEN i % 5 = 0 THEN NULL
            WHEN i % 5 = 1 AND i % 3 = 0 THEN NULL
            ELSE now() + (1 + i % 700) * interval '1 day' + (i % 86400) * interval '1 second' END,
       CASE WHEN i % 5 = 1 THEN 365 END,
       1 + i % 3,
       CASE WHEN i % 4 = 0 THEN '{pro}'::text[] ELSE '{}'::text[] END,
       CASE WHEN i % 50 = 0 THEN 'batch ' || (i / 1000) END,
       CASE WHEN i % 10 <> 9 AND NOT (i % 5 = 1 AND i % 3 = 0) THEN now() - (i % 700) * interval '1 day' END,
       now() - (i % 730) * interval '1 day' - (i % 86400) * interval '1 second',
       now() - (i % 30) * interval '1 day'
FROM generate_series(1, :rows) AS i,
     LATERAL (SELECT CASE WHEN i % 100 < 90 THEN 'active' WHEN i % 100 < 93 THEN 'suspended'
                          WHEN i % 100 < 95 THEN 'revoked' ELSE 'expired' END AS status) AS s;

INSERT INTO activations (license_id, device_id, activated_at)
SELECT md5('l' || i)::uuid, md5('d' || i)::uuid, now() - (i % 700) * interval '1 day'
FROM generate_series(1, :rows) AS i
WHERE i % 10 <> 9 AND i % 33 <> 0;

-- 80% desktop, 15% web, 5% automation sessions, started over the last two weeks; a tenth revoked.
INSERT INTO sessions (id, user_id, kind, token_hash, device_id, ip, user_agent, created_at, last_seen_at, expires_at,
                      revoked_at, revoked_reason)
SELECT md5('s' || i)::uuid,
       md5('u' || i)::uuid,
       k.kind,
       CASE WHEN k.kind = 'web' THEN sha256(('w' || i)::bytea) END,
       CASE WHEN k.kind = 'client' THEN md5('d' || i)::uuid END,
       '10.' || (i % 256) || '.' || (i / 256 % 256) || '.' || (i / 65536 % 256),
       CASE k.kind WHEN 'web' THEN 'Mozilla/5.0' WHEN 'client' THEN 'latchkey-client/1.0' ELSE 'curl/8' END,
       t.created,
       t.created + least((i % 3600) * interval '1 second', now() - t.created),
       t.created + CASE k.kind WHEN 'client' THEN interval '7 days' WHEN 'web' THEN interval '12 hours'
                               ELSE interval '15 minutes' END,
       CASE WHEN i % 10 = 0 THEN t.created + interval '1 minute' END,
       CASE WHEN i % 10 = 0 THEN 'logout' END
FROM generate_series(1, :rows) AS i,
     LATERAL (SELECT CASE WHEN i % 20 < 16 THEN 'client' WHEN i % 20 < 19 THEN 'web' ELSE 'api' END AS kind) AS k,
     LATERAL (SELECT now() - ((i::bigint * 7919) % 20160) * interval '1 minute' AS created) AS t;

-- The current refresh token of each desktop session, and a spent predecessor for every other one.
INSERT INTO refresh_tokens (token_hash, session_id, created_at, expires_at, spent_at)
SELECT sha256(('r' || i)::bytea), md5('s' || i)::uuid, now() - interval '10 minutes', now() + interval '7 days', NULL
FROM generate_series(1, :rows) AS i
WHERE i % 20 < 16;
INSERT INTO refresh_tokens (token_hash, session_id, created_at, expires_at, spent_at)
SELECT sha256(('r0' || i)::bytea), md5('s' || i)::uuid, now() - interval '1 hour', now() + interval '7 days',
       now() - interval '10 minutes'
FROM generate_series(1, :rows) AS i
WHERE i % 20 < 16 AND i % 2 = 0;

INSERT INTO files (id, product_id, name, version, channel, size, segment_size, container_size, sha256, signature,
                   wrapped_dek, status, created_at, updated_at)
SELECT md5('f' || j)::uuid, md5('p' || (j % 20))::uuid, 'App', '1.' || j,
       CASE WHEN j % 5 = 0 THEN 'beta' ELSE 'stable' END,
       1000, 65536, 1047,
       sha256(('f' || j)::bytea), sha512(('f' || j)::bytea), substring(sha512(('w' || j)::bytea) FROM 1 FOR 60),
       CASE WHEN j % 17 = 0 THEN 'yanked' ELSE 'published' END,
       now() - j * interval '1 day', now() - j * interval '1 day'
FROM generate_series(1, 300) AS j;

INSERT INTO hwid_blacklist (id, components, reason, created_at)
SELECT md5('b' || j)::uuid, jsonb_build_object('cpu', encode(sha256(('bl' || j)::bytea), 'hex')), 'fraud', now() - j * interval '1 day'
FROM generate_series(1, 50) AS j;

INSERT INTO ip_blocks (id, cidr, reason, automatic, expires_at, created_at)
SELECT md5('ip' || j)::uuid, ('192.0.' || (j / 256) || '.' || (j % 256) || '/32')::cidr, 'abuse', j % 2 = 0,
       CASE WHEN j % 3 = 0 THEN now() + interval '1 hour' END, now() - j * interval '1 hour'
FROM generate_series(1, 100) AS j;

-- 90 days of audit events: sign-ins of every kind and outcome, device and license events, admin actions.
INSERT INTO audit_events (occurred_at, actor_id, actor_name, action, target_type, target_id, ip, user_agent, outcome, details)
SELECT now() - ((j::bigint * 7919) % 7776000) * interval '1 second',
       md5('u' || (j % :rows + 1))::uuid,
       'user' || lpad((j % :rows + 1)::text, 7, '0'),
       a.action,
       CASE WHEN a.action LIKE 'device.%' THEN 'device' WHEN a.action LIKE 'license.%' THEN 'license' END,
       CASE WHEN a.action LIKE 'device.%' THEN md5('d' || (j % :rows + 1))::uuid::text
            WHEN a.action LIKE 'license.%' THEN md5('l' || (j % :rows + 1))::uuid::text END,
       '10.' || (j % 256) || '.' || (j / 256 % 256) || '.' || (j / 65536 % 256),
       'latchkey-client/1.0',
       CASE WHEN j % 17 = 0 THEN 'failure' WHEN j % 53 = 0 THEN 'denied' ELSE 'success' END,
       '{}'::jsonb
FROM generate_series(1, :events) AS j,
     LATERAL (SELECT (ARRAY['auth.client_login', 'auth.client_login', 'auth.refresh', 'auth.login', 'auth.token',
                            'device.registered', 'license.activate', 'license.redeem', 'auth.logout',
                            'user.update', 'license.expiring_soon', 'auth.client_login'])[1 + j % 12] AS action) AS a;
