package io.courtyard.journal;

import io.courtyard.config.JournalConfig;
import io.courtyard.journal.event.EventKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the journal inside its byte quota and retention age. Order of sacrifice when over quota:
 * events every sink already forwarded (oldest first), then un-forwarded device telemetry (oldest
 * first). Access decisions, rides, faults and alarms that upstream has not got are never purged:
 * if only those remain, the disk alarm is raised and deciding goes on.
 */
final class Retention {
    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    /** Events an aging pass (one a second) looks at and deletes at most. */
    private static final int CHUNK = 5000;
    /**
     * Events a quota pass deletes at most: those run between the writer's batches while the journal
     * drains, and every append of the next batch waits for the pass before it: ~4 ms for 1,000 at
     * the 3.9 µs an event that one 685,000-event pass took, ~20 ms for the 5,000 of before. Under
     * the load harness the minute with the quota's two drains (760,000 events each) then had twice
     * the push → answer p99 of the minutes before it.
     */
    static final int DRAIN_CHUNK = 1000;
    /** Purge down to 90 % so that a quota hit does not cost a purge per batch. */
    private static final double LOW_WATER = 0.9;

    private final Journal journal;
    private final Connection conn;
    private final JournalConfig config;
    /** Over quota and not yet back under the low-water mark: each pass takes one more chunk. */
    private boolean draining;
    /** What the current drain has purged so far, for its one log line. */
    private long drainedForwarded;

    private long drainedTelemetry;

    Retention(Journal journal, Connection conn, JournalConfig config) {
        this.journal = journal;
        this.conn = conn;
        this.config = config;
    }

    /**
     * What one pass removed; applied to cursors, meters and alarms only after its transaction
     * commits. {@code overQuota}: over the quota with nothing left that may be purged (the alarm);
     * {@code draining}: still above the low-water mark with more to purge, so the writer runs the
     * next pass after its next batch instead of a second later.
     */
    record Outcome(
            long usedBytes,
            int aged,
            int oldForwarded,
            List<Long> telemetry,
            boolean overQuota,
            boolean draining,
            long drainedForwarded,
            long drainedTelemetry) {
        /** Marks purged seqs as delivered, counts, logs and sets the disk alarm: after the commit only. */
        void publish(Journal journal, JournalConfig config) {
            journal.purgedBeforeDelivery(telemetry);
            journal.purged("retention", null, aged);
            journal.purged("quota-forwarded", null, oldForwarded);
            journal.purged("quota-unforwarded", EventKind.DEVICE, telemetry.size());
            if (aged > 0) {
                log.info("journal retention: removed {} forwarded events older than {}", aged, config.retention());
            }
            if (!draining && drainedForwarded + drainedTelemetry > 0) {
                // Once a drain ends, not once a pass: a drain is many passes, one chunk each.
                log.warn(
                        "journal over quota ({} bytes): purged {} forwarded events and {} un-forwarded status samples;"
                                + " now {} bytes",
                        config.quotaBytes(),
                        drainedForwarded,
                        drainedTelemetry,
                        usedBytes);
            }
            journal.quotaExceeded(overQuota, usedBytes);
            journal.refreshStats(usedBytes);
        }
    }

    /**
     * Deletes inside the writer's open transaction; the caller commits, then publishes the outcome.
     *
     * @param aging whether this is the second's pass, which also removes aged events; the passes a
     *     drain runs between batches only purge for the quota (each looking through the aging
     *     window as well had every batch of a drain wait for that read too)
     */
    Outcome run(boolean aging) throws SQLException {
        long forwarded = journal.forwardedThrough();
        // One chunk per pass (a pass a second): after a long power-off, or the wall clock jumping
        // ahead, the backlog of aged events goes in slices instead of keeping the writer busy for
        // minutes, which the systemd watchdog would take for a hang.
        int aged = aging ? deleteAged(forwarded) : 0;
        long used = usedBytes();
        int oldForwarded = 0;
        List<Long> telemetry = new ArrayList<>();
        boolean exhausted = false;
        draining |= used > config.quotaBytes();
        if (draining) {
            // The quota too goes one chunk per pass, and the writer runs passes between its batches
            // until the journal is back under the low-water mark. Purging the whole 10 % in one
            // transaction held every append behind it: 685,000 events and 2.7 s at a 2 GiB quota
            // under the load harness. At a quota of tens of GiB it would outlast the 15 s the
            // watchdog gives a busy writer: killed, the purge rolled back, the same pass on restart.
            int n = deleteForwarded(forwarded);
            if (n > 0) {
                oldForwarded = n;
            } else {
                telemetry = purgeTelemetry(forwarded);
                exhausted = telemetry.isEmpty();
            }
            used = usedBytes();
            draining = !exhausted && used > (long) (config.quotaBytes() * LOW_WATER);
            drainedForwarded += oldForwarded;
            drainedTelemetry += telemetry.size();
        }
        Outcome outcome = new Outcome(
                used,
                aged,
                oldForwarded,
                telemetry,
                exhausted && used > config.quotaBytes(),
                draining,
                drainedForwarded,
                drainedTelemetry);
        if (!draining) {
            drainedForwarded = 0;
            drainedTelemetry = 0;
        }
        return outcome;
    }

    /** The oldest {@code DRAIN_CHUNK} forwarded events. */
    private int deleteForwarded(long forwarded) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE seq <= ? ORDER BY seq LIMIT ?)")) {
            ps.setLong(1, forwarded);
            ps.setLong(2, DRAIN_CHUNK);
            return ps.executeUpdate();
        }
    }

    /**
     * Forwarded events received longer ago than the retention, among the oldest {@code CHUNK} forwarded
     * ones: a pass reads at most that window. Asking for the first {@code CHUNK} aged events
     * anywhere made SQLite read every forwarded row, every second, whenever none had aged, which is
     * the steady state: the writer's CPU grew with the file (15 % to 34 % of a core while a load run
     * filled it to 800 MB). Events are appended as they are received, so the aged ones are at the
     * front. One received later than the events behind it (the wall clock set back) stays until it
     * ages, and the pass deletes the aged ones around it; only a whole window of them would hold
     * the pass up, for as long as the clock was set back. The quota, which ignores age, still holds.
     * SQLite cannot move the outer filter into a subquery with a LIMIT, so the window is taken first.
     */
    private int deleteAged(long forwarded) throws SQLException {
        long cutoff = Rows.micros(journal.clock().instant().minus(config.retention()));
        try (PreparedStatement ps = conn.prepareStatement("DELETE FROM events WHERE seq IN (SELECT seq FROM "
                + "(SELECT seq, received_us FROM events WHERE seq <= ? ORDER BY seq LIMIT ?) WHERE received_us < ?)")) {
            ps.setLong(1, forwarded);
            ps.setLong(2, CHUNK);
            ps.setLong(3, cutoff);
            return ps.executeUpdate();
        }
    }

    private List<Long> purgeTelemetry(long forwarded) throws SQLException {
        List<Long> seqs = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT seq FROM events WHERE kind = 'device' AND seq > ? ORDER BY seq LIMIT " + DRAIN_CHUNK)) {
            ps.setLong(1, forwarded);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    seqs.add(rs.getLong(1));
                }
            }
        }
        if (seqs.isEmpty()) {
            return seqs;
        }
        try (PreparedStatement del =
                conn.prepareStatement("DELETE FROM events WHERE kind = 'device' AND seq BETWEEN ? AND ?")) {
            del.setLong(1, seqs.get(0));
            del.setLong(2, seqs.get(seqs.size() - 1));
            del.executeUpdate();
        }
        return seqs;
    }

    /** Bytes in pages that hold data; free pages are reused by SQLite before the file grows. */
    long usedBytes() throws SQLException {
        return (pragma("page_count") - pragma("freelist_count")) * pragma("page_size");
    }

    private long pragma(String name) throws SQLException {
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
