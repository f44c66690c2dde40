-- Devices' last-seen times in a narrow table of their own. Heartbeats write them in batches (LastSeenWriter), so at
-- fleet size every device's time is rewritten every few minutes: in the devices table that copied a whole row of
-- ~400 bytes per beat (components, names) and, once after every checkpoint, a full image of each of its pages.
-- Measured on a million devices, 62,500 last-seen updates: 0.35-0.5 s and 5.7-55 MB of WAL here, against
-- 1.1-1.25 s and 231-238 MB in the devices table (460 MB against 72 MB in all).
-- Room left in each page (fillfactor) lets a new version sit beside the old one: a heap-only update, no index entry.
-- Deliberately no index but the key: an index on last_seen_at would make every one of those writes update it.
CREATE TABLE device_seen (
    device_id     uuid         PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
    last_seen_at  timestamptz  NOT NULL
) WITH (fillfactor = 70);

INSERT INTO device_seen (device_id, last_seen_at) SELECT id, last_seen_at FROM devices;
ALTER TABLE devices DROP COLUMN last_seen_at;
