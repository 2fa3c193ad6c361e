-- The durable event journal. seq is assigned by the single writer and never reused once durable;
-- an event's globally unique id is derived ({siteId}-{instance}-{seq}), so it is not stored.
CREATE TABLE events (
    seq         INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL,   -- access | ride | fault | device | alarm
    device      TEXT    NOT NULL,
    ts_us       INTEGER NOT NULL,   -- device time, microseconds since the epoch, as reported
    received_us INTEGER NOT NULL,   -- gateway receive time
    body        TEXT    NOT NULL    -- kind-specific JSON object
);
-- Urgent events are looked up ahead of the backlog; telemetry is what a full quota purges first.
CREATE INDEX events_alarm ON events(seq) WHERE kind = 'alarm';
CREATE INDEX events_device ON events(seq) WHERE kind = 'device';

-- Everything up to and including acked_through is acknowledged by the sink.
CREATE TABLE sink_cursor (
    sink          TEXT PRIMARY KEY,
    acked_through INTEGER NOT NULL
) WITHOUT ROWID;

-- Acknowledged (or purged) ranges beyond the cursor: alarms jump the backlog, so acks arrive out of order.
CREATE TABLE sink_ahead (
    sink     TEXT    NOT NULL,
    from_seq INTEGER NOT NULL,
    to_seq   INTEGER NOT NULL,
    PRIMARY KEY (sink, from_seq)
) WITHOUT ROWID;

-- The last sequence number made durable; survives retention deleting every row.
INSERT INTO meta(key, value) VALUES ('journal.last_seq', '0');
