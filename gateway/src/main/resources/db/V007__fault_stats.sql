-- The crew's figures (io.courtyard.faults.FaultQueries.stats) kept per hour of raise by the fault
-- projection, so a year of faults is summed from a few thousand rows instead of read fault by fault.
-- hour: the raise time in microseconds since the epoch, divided by 3,600,000,000 (UTC hours, so the
-- site's time zone does not matter); sums are microseconds. Every row is what the faults raised in
-- that hour contribute as they stand now: the projection adds each change's difference.
CREATE TABLE fault_stats_hourly (
    hour          INTEGER PRIMARY KEY,
    faults        INTEGER NOT NULL,
    unclosed      INTEGER NOT NULL,
    repaired      INTEGER NOT NULL,   -- outcome repaired or recovered
    false_alarms  INTEGER NOT NULL,
    self_released INTEGER NOT NULL,
    overdue       INTEGER NOT NULL,
    ack_n         INTEGER NOT NULL,   -- faults acknowledged, and the sum of their times to it
    ack_us        INTEGER NOT NULL,
    arrive_n      INTEGER NOT NULL,
    arrive_us     INTEGER NOT NULL,
    repair_n      INTEGER NOT NULL,   -- cleared and not a false alarm or self-release
    repair_us     INTEGER NOT NULL
);

-- Faults projected by the release before: summed once here, the same way the projection adds them.
INSERT INTO fault_stats_hourly
SELECT CASE WHEN raised_us >= 0 THEN raised_us / 3600000000 ELSE -((-raised_us - 1) / 3600000000) - 1 END,
       COUNT(*),
       COALESCE(SUM(state <> 'closed'), 0),
       COALESCE(SUM(outcome IN ('repaired', 'recovered')), 0),
       COALESCE(SUM(outcome = 'false_alarm'), 0),
       COALESCE(SUM(outcome = 'self_released'), 0),
       COALESCE(SUM(overdue <> 0), 0),
       COUNT(ack_us),
       COALESCE(SUM(ack_us - raised_us), 0),
       COUNT(arrived_us),
       COALESCE(SUM(arrived_us - raised_us), 0),
       COUNT(CASE WHEN outcome IS NULL OR outcome IN ('repaired', 'recovered') THEN cleared_us END),
       COALESCE(SUM(CASE WHEN outcome IS NULL OR outcome IN ('repaired', 'recovered') THEN cleared_us - raised_us END), 0)
FROM faults
GROUP BY 1;

-- The stats' transient count over a period, and their edges (partial hours) read from the faults.
CREATE INDEX fault_transients_at ON fault_transients(at_us);
