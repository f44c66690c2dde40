-- The audit trail as a table partitioned by month of occurred_at (issue 15), so that retention
-- (LATCHKEY_AUDIT_RETENTION) drops whole months with DROP TABLE instead of deleting rows one by one,
-- and so that searches by time only read the months they ask for. Every existing event is kept.
--
-- Partitions are named audit_events_pYYYYMM and cover [first of the month, first of the next) in UTC;
-- audit/AuditPartitions creates them ahead of time (and drops expired ones) with the same names and
-- bounds. audit_events_default takes any row no monthly partition covers, so an insert never fails for
-- want of a partition.

ALTER TABLE audit_events RENAME TO audit_events_v1;
-- The old indexes are not needed for the copy; dropping them frees their names.
DROP INDEX audit_events_time, audit_events_action, audit_events_actor, audit_events_target;
ALTER TABLE audit_events_v1 RENAME CONSTRAINT audit_events_pkey TO audit_events_v1_pkey;
ALTER TABLE audit_events_v1 RENAME CONSTRAINT audit_events_outcome_check TO audit_events_v1_outcome_check;

CREATE TABLE audit_events (
    -- Still unique: every id comes from this one sequence. PostgreSQL cannot enforce it across partitions
    -- (a unique key of a partitioned table must contain the partition key), hence the key below.
    id           bigint       NOT NULL DEFAULT nextval('audit_events_id_seq'),
    occurred_at  timestamptz  NOT NULL,
    actor_id     uuid,
    actor_name   varchar(64),
    action       varchar(64)  NOT NULL,
    target_type  varchar(32),
    target_id    varchar(64),
    ip           varchar(64),
    user_agent   varchar(512),
    outcome      varchar(16)  NOT NULL CONSTRAINT audit_events_outcome_check CHECK (outcome IN ('success', 'failure', 'denied')),
    details      jsonb        NOT NULL DEFAULT '{}'::jsonb
) PARTITION BY RANGE (occurred_at);
-- The sequence moves to the new table before the old one (its owner until now) is dropped.
ALTER SEQUENCE audit_events_id_seq OWNED BY audit_events.id;

CREATE TABLE audit_events_default PARTITION OF audit_events DEFAULT;

-- A partition for every month that holds events, and for this month and the next two.
DO $$
DECLARE
    m date;
BEGIN
    FOR m IN
        SELECT DISTINCT date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date FROM audit_events_v1
        UNION
        SELECT (date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => k))::date
        FROM generate_series(0, 2) AS k
    LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF audit_events FOR VALUES FROM (%L) TO (%L)',
                       'audit_events_p' || to_char(m, 'YYYYMM'),
                       to_char(m, 'YYYY-MM-DD') || ' 00:00:00+00',
                       to_char(m + interval '1 month', 'YYYY-MM-DD') || ' 00:00:00+00');
    END LOOP;
END
$$;

INSERT INTO audit_events (id, occurred_at, actor_id, actor_name, action, target_type, target_id, ip, user_agent, outcome, details)
SELECT id, occurred_at, actor_id, actor_name, action, target_type, target_id, ip, user_agent, outcome, details
FROM audit_events_v1;
DROP TABLE audit_events_v1;

-- Indexes after the copy (built once per partition rather than grown row by row). Every one ends in
-- (occurred_at, id): the order of every audit list, and the cursor of its keyset pagination, so a filtered
-- list reads its rows in order from one index and stops after a page.
ALTER TABLE audit_events ADD CONSTRAINT audit_events_pkey PRIMARY KEY (occurred_at, id);
CREATE INDEX audit_events_action ON audit_events (action, occurred_at, id);
CREATE INDEX audit_events_actor ON audit_events (actor_id, occurred_at, id);
CREATE INDEX audit_events_target ON audit_events (target_id, occurred_at, id);
CREATE INDEX audit_events_ip ON audit_events (ip, occurred_at, id);
-- Actors known only by name: "system" (periodic jobs, automatic rules) and unknown usernames of failed sign-ins.
CREATE INDEX audit_events_actor_name ON audit_events (actor_name, occurred_at, id) WHERE actor_id IS NULL;

-- Statistics now rather than whenever autovacuum gets to the new partitions: the plans of the audit
-- searches depend on them.
ANALYZE audit_events;
