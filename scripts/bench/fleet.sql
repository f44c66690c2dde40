-- A fleet of :n devices written straight into a migrated Latchkey database: per device one user, one
-- license of the product 'Fleet' (one seat) activated on it, and one live desktop session. Ids are
-- md5('u'|'d'|'s'|'l' || i) as UUIDs, so fleet_tokens.py can sign access tokens for them without a query.
-- Usage: psql DB -v n=100000 -v interval=300 -v grace=1800 -f scripts/bench/fleet.sql
\set ON_ERROR_STOP on
\timing on
BEGIN;
INSERT INTO products (id, name, heartbeat_interval, grace_period)
VALUES (md5('fleet-product')::uuid, 'Fleet', :interval, :grace)
ON CONFLICT (id) DO UPDATE SET heartbeat_interval = EXCLUDED.heartbeat_interval, grace_period = EXCLUDED.grace_period;

-- Not a usable password: nobody signs in as these users, the tokens are signed by the script.
INSERT INTO users (id, username, password_hash, role, max_devices, created_at, last_login_at)
SELECT md5('u' || i)::uuid, 'fleet_' || i, '$argon2id$v=19$m=19456,t=2,p=1$ZmxlZXRmbGVldA$ZmxlZXRmbGVldGZsZWV0ZmxlZXRmbGVldGZsZWV0ZmxlZXQ',
       'user', 2, now() - interval '30 days' + (i % 86400) * interval '1 second', now() - (i % 3600) * interval '1 second'
FROM generate_series(1, :n) AS i;

INSERT INTO devices (id, user_id, name, components, created_at)
SELECT md5('d' || i)::uuid, md5('u' || i)::uuid, 'fleet-pc-' || i,
       jsonb_build_object('cpu', md5('cpu' || i) || md5('cpu2' || i), 'disk', md5('disk' || i) || md5('disk2' || i),
                          'machine', md5('m' || i) || md5('m2' || i)),
       now() - interval '30 days'
FROM generate_series(1, :n) AS i;

INSERT INTO device_seen (device_id, last_seen_at)
SELECT md5('d' || i)::uuid, now() - (i % 600) * interval '1 second' FROM generate_series(1, :n) AS i;

INSERT INTO licenses (id, product_id, key_hash, key_last4, status, user_id, redeemed_at, max_activations, features,
                      first_activated_at, created_at)
SELECT md5('l' || i)::uuid, md5('fleet-product')::uuid, decode(md5('k' || i) || md5('k2' || i), 'hex'), 'FL7T', 'active',
       md5('u' || i)::uuid, now() - interval '30 days', 1, '{pro}', now() - interval '30 days',
       now() - interval '31 days' + (i % 86400) * interval '1 second'
FROM generate_series(1, :n) AS i;

INSERT INTO activations (license_id, device_id, activated_at)
SELECT md5('l' || i)::uuid, md5('d' || i)::uuid, now() - interval '30 days'
FROM generate_series(1, :n) AS i;

INSERT INTO sessions (id, user_id, kind, device_id, ip, user_agent, created_at, last_seen_at, expires_at)
SELECT md5('s' || i)::uuid, md5('u' || i)::uuid, 'client', md5('d' || i)::uuid, '10.' || (i / 65536 % 256) || '.' || (i / 256 % 256) || '.' || (i % 256),
       'latchkey-client/1.0', now() - interval '1 day', now() - (i % 3600) * interval '1 second', now() + interval '7 days'
FROM generate_series(1, :n) AS i;
COMMIT;
-- What production's autovacuum would have done by now (autovacuum is off on these machines).
VACUUM ANALYZE;
