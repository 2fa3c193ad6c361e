-- Usage: rides and traffic kept incrementally by the usage projection (io.courtyard.usage),
-- so a month or a year is answered from a few hundred rows. Days and hours are in the site's
-- time zone, as text: 'YYYY-MM-DD', 'YYYY-MM-DDTHH'.
CREATE TABLE usage_rides_hourly (
    elevator TEXT    NOT NULL,
    hour     TEXT    NOT NULL,
    rides    INTEGER NOT NULL,
    floors   INTEGER NOT NULL,
    PRIMARY KEY (elevator, hour)
) WITHOUT ROWID;

-- household '' holds the rides of no household (staff, maintenance).
CREATE TABLE usage_rides_daily (
    elevator  TEXT    NOT NULL,
    day       TEXT    NOT NULL,
    household TEXT    NOT NULL,
    rides     INTEGER NOT NULL,
    floors    INTEGER NOT NULL,
    PRIMARY KEY (elevator, day, household)
) WITHOUT ROWID;

CREATE TABLE usage_floor_daily (
    elevator TEXT    NOT NULL,
    day      TEXT    NOT NULL,
    floor    INTEGER NOT NULL,
    rides    INTEGER NOT NULL,
    PRIMARY KEY (elevator, day, floor)
) WITHOUT ROWID;

-- Trips as the monitors saw them: door cycles and running time per elevator and day.
CREATE TABLE usage_trips_daily (
    elevator    TEXT    NOT NULL,
    day         TEXT    NOT NULL,
    trips       INTEGER NOT NULL,
    floors      INTEGER NOT NULL,
    door_cycles INTEGER NOT NULL,
    running_ms  INTEGER NOT NULL,
    PRIMARY KEY (elevator, day)
) WITHOUT ROWID;

-- Gate, barrier and elevator traffic: decisions (grant, deny) per device and day.
CREATE TABLE usage_traffic_daily (
    device TEXT    NOT NULL,
    day    TEXT    NOT NULL,
    what   TEXT    NOT NULL,
    count  INTEGER NOT NULL,
    PRIMARY KEY (device, day, what)
) WITHOUT ROWID;

-- Daily summaries journaled (usage-summary), so each day goes upstream once.
CREATE TABLE usage_summaries_sent (
    elevator TEXT NOT NULL,
    day      TEXT NOT NULL,
    seq      INTEGER NOT NULL,
    PRIMARY KEY (elevator, day)
) WITHOUT ROWID;

-- Bills as issued (bill-issued events), kept beyond the journal's retention.
CREATE TABLE bill_statements (
    month     TEXT    NOT NULL,
    elevator  TEXT    NOT NULL,
    seq       INTEGER NOT NULL,
    issued_us INTEGER NOT NULL,
    hash      TEXT    NOT NULL,
    body      TEXT    NOT NULL,
    PRIMARY KEY (month, elevator, seq)
) WITHOUT ROWID;

-- Faults (io.courtyard.faults): one row per fault, its lifecycle times in microseconds since the epoch.
CREATE TABLE faults (
    id            TEXT    PRIMARY KEY,
    device        TEXT    NOT NULL,
    type          TEXT    NOT NULL,
    severity      TEXT    NOT NULL,
    state         TEXT    NOT NULL,   -- open | acknowledged | arrived | cleared | closed
    elevator      TEXT,
    raised_us     INTEGER NOT NULL,
    raised_month  TEXT    NOT NULL,   -- YYYY-MM in the site's time zone
    raised_seq    INTEGER NOT NULL,
    ack_us        INTEGER,
    ack_by        TEXT,
    ack_note      TEXT,
    arrived_us    INTEGER,
    cleared_us    INTEGER,
    closed_us     INTEGER,
    outcome       TEXT,
    repair_note   TEXT,
    flaps         INTEGER NOT NULL DEFAULT 0,
    steps         INTEGER NOT NULL,
    rescue_target_ms INTEGER,
    overdue       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX faults_device ON faults(device, raised_us);
CREATE INDEX faults_month ON faults(raised_month, device);
CREATE INDEX faults_type ON faults(type, raised_us);
CREATE INDEX faults_raised ON faults(raised_us);
CREATE INDEX faults_unclosed ON faults(state) WHERE state <> 'closed';
-- The flapping rule looks up a device and type's last clearing on every raise.
CREATE INDEX faults_cleared ON faults(device, type, cleared_us) WHERE state = 'cleared';
-- At most one fault per device and type that is not cleared or closed.
CREATE UNIQUE INDEX faults_one_open ON faults(device, type) WHERE state IN ('open', 'acknowledged', 'arrived');

-- Every lifecycle change, in journal order.
CREATE TABLE fault_changes (
    fault  TEXT    NOT NULL,
    step   INTEGER NOT NULL,
    change TEXT    NOT NULL,
    at_us  INTEGER NOT NULL,
    seq    INTEGER NOT NULL,
    by     TEXT,
    note   TEXT,
    PRIMARY KEY (fault, step)
) WITHOUT ROWID;

-- Raises that were not faults (a monitor's code cleared within its debounce): counted, never opened.
CREATE TABLE fault_transients (
    device   TEXT    NOT NULL,
    type     TEXT    NOT NULL,
    at_us    INTEGER NOT NULL,
    seq      INTEGER NOT NULL,
    PRIMARY KEY (seq)
);

-- Lifecycle changes the projection derived from device events, waiting to be journaled (an outbox:
-- written in the projection's transaction, removed once the journal holds the event).
CREATE TABLE fault_outbox (
    fault  TEXT    NOT NULL,
    step   INTEGER NOT NULL,
    device TEXT    NOT NULL,
    at_us  INTEGER NOT NULL,
    body   TEXT    NOT NULL,
    kind   TEXT    NOT NULL,
    PRIMARY KEY (fault, step)
) WITHOUT ROWID;
