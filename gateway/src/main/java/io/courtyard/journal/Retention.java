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
     * Events a quota pass deletes at most: the second's pass, and the passes a drain runs while no
     * appends arrive (an append that comes during one waits for it: ~4 ms for 1,000 at the 3.9 µs
     * an event that one 685,000-event pass took).
     */
    static final int DRAIN_CHUNK = 1000;
    /**
     * A batch in a drain deletes this many events for each it appended: the journal shrinks by one
     * batch's worth a batch, and under a steady load the drain is on half of the time.
     */
    static final int DRAIN_PER_APPEND = 2;
    /** What a small batch in a drain deletes at least, so that a trickle of appends still drains. */
    private static final int MIN_WITH_BATCH = 64;
    /** Purge down to 90 % so that a quota hit does not cost a purge per batch. */
    private static final double LOW_WATER = 0.9;

    private final Journal journal;
    private final Connection conn;
    private final JournalConfig config;
    /** Over quota and not yet back under the low-water mark: each pass, or batch, purges some more. */
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
     * {@code draining}: still above the low-water mark with more to purge, in the next batches or,
     * while none come, in passes run one after another instead of a second apart.
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
        /**
         * Marks purged seqs as delivered, counts, logs and sets the disk alarm: after the commit
         * only. The journal's statistics (used bytes, each sink's oldest pending event) are the
         * second's pass's to refresh: they read, and a batch need not.
         */
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
        }
    }

    /**
     * Deletes inside the writer's open transaction; the caller commits, then publishes the outcome.
     *
     * @param aging whether this is the second's pass, which also removes aged events and looks at
     *     the quota; the passes a drain runs while the writer is idle only purge for it
     */
    Outcome run(boolean aging) throws SQLException {
        long forwarded = journal.forwardedThrough();
        // One chunk per pass (a pass a second): after a long power-off, or the wall clock jumping
        // ahead, the backlog of aged events goes in slices instead of keeping the writer busy for
        // minutes, which the systemd watchdog would take for a hang.
        int aged = aging ? deleteAged(forwarded) : 0;
        if (!draining) {
            // Read after the aging pass's delete, never first: a transaction that reads and then
            // writes fails at once with SQLITE_BUSY while another connection (a projection) holds
            // the write lock, where one that writes first waits for it.
            long used = usedBytes();
            draining = used > config.quotaBytes();
            if (!draining) {
                return outcome(used, aged, 0, List.of(), false);
            }
        }
        // The quota too goes one chunk per pass. Purging the whole 10 % in one transaction held
        // every append behind it: 685,000 events and 2.7 s at a 2 GiB quota under the load harness.
        // At a quota of tens of GiB it would outlast the 15 s the watchdog gives a busy writer:
        // killed, the purge rolled back, the same pass on restart.
        return drain(forwarded, aged, DRAIN_CHUNK, Long.MAX_VALUE);
    }

    /**
     * While a drain is on and appends arrive, it rides in their batches: the writer calls this
     * inside each batch's transaction, after its inserts, and the batch also deletes up to
     * {@link #DRAIN_PER_APPEND} times as many of the oldest purgeable events as it appended, under
     * the batch's one commit. A drain run as passes of its own between batches held the next
     * batch's every append behind a pass and its commit (~5 ms for 1,000 events), and at the quota
     * a journal fed 20,000 events a second drains part of every minute: the push → answer p99 of
     * 90 s runs at the quota was 34–78 ms (README, end to end). Returns null
     * when no drain is on.
     *
     * @param batchFirst the batch's first seq: un-forwarded telemetry is purged from before it
     *     only, never the batch's own events, which the writer hands to sinks after the commit
     */
    Outcome withBatch(long batchFirst, int appended) throws SQLException {
        if (!draining) {
            return null;
        }
        return drain(journal.forwardedThrough(), 0, Math.max(MIN_WITH_BATCH, appended * DRAIN_PER_APPEND), batchFirst);
    }

    /** One step of a drain: up to {@code limit} forwarded events, or else un-forwarded telemetry. */
    private Outcome drain(long forwarded, int aged, int limit, long below) throws SQLException {
        int oldForwarded = deleteForwarded(forwarded, limit);
        List<Long> telemetry = oldForwarded > 0 ? List.of() : purgeTelemetry(forwarded, limit, below);
        boolean exhausted = oldForwarded == 0 && telemetry.isEmpty();
        long used = usedBytes();
        draining = !exhausted && used > (long) (config.quotaBytes() * LOW_WATER);
        drainedForwarded += oldForwarded;
        drainedTelemetry += telemetry.size();
        return outcome(used, aged, oldForwarded, telemetry, exhausted && used > config.quotaBytes());
    }

    private Outcome outcome(long used, int aged, int oldForwarded, List<Long> telemetry, boolean overQuota) {
        Outcome o = new Outcome(
                used, aged, oldForwarded, telemetry, overQuota, draining, drainedForwarded, drainedTelemetry);
        if (!draining) {
            drainedForwarded = 0;
            drainedTelemetry = 0;
        }
        return o;
    }

    /** The oldest {@code limit} forwarded events. */
    private int deleteForwarded(long forwarded, int limit) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE seq <= ? ORDER BY seq LIMIT ?)")) {
            ps.setLong(1, forwarded);
            ps.setLong(2, limit);
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

    /** The oldest {@code limit} un-forwarded status samples before seq {@code below}. */
    private List<Long> purgeTelemetry(long forwarded, int limit, long below) throws SQLException {
        List<Long> seqs = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT seq FROM events WHERE kind = 'device' AND seq > ? AND seq < ? ORDER BY seq LIMIT ?")) {
            ps.setLong(1, forwarded);
            ps.setLong(2, below);
            ps.setInt(3, limit);
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
