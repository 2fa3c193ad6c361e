package io.courtyard.faults;

import io.courtyard.journal.event.FaultLifecycle.Outcome;
import io.courtyard.journal.event.FaultLifecycle.State;
import io.courtyard.store.Statements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps {@code fault_stats_hourly} (migration V007) as the fault projection changes faults: each
 * fault adds its figures to the hour it was raised in, and a change adds the difference between
 * the fault after it and before it. Differences are summed in memory over a batch and written as
 * one upsert per hour touched, in the projection's transaction.
 */
final class FaultStats {
    static final long HOUR_US = 3_600_000_000L;

    /** Columns after {@code hour}, in the order {@link #of} fills them. */
    static final String COLUMNS = "faults, unclosed, repaired, false_alarms, self_released, overdue,"
            + " ack_n, ack_us, arrive_n, arrive_us, repair_n, repair_us";

    private static final int WIDTH = 12;
    private static final String UPSERT;

    static {
        StringBuilder set = new StringBuilder();
        for (String c : COLUMNS.split(", ")) {
            set.append(set.length() == 0 ? "" : ", ")
                    .append(c)
                    .append(" = ")
                    .append(c)
                    .append(" + excluded.")
                    .append(c);
        }
        UPSERT = "INSERT INTO fault_stats_hourly(hour, " + COLUMNS + ") VALUES (?" + ", ?".repeat(WIDTH)
                + ") ON CONFLICT(hour) DO UPDATE SET " + set;
    }

    private final Map<Long, long[]> pending = new HashMap<>();
    private final Statements sql = new Statements();

    /** The hour a raise time falls in. */
    static long hour(long raisedUs) {
        return Math.floorDiv(raisedUs, HOUR_US);
    }

    /** What one fault, as it stands, contributes; the same figures as the row-by-row stats query. */
    static long[] of(Fault f) {
        long r = Micros.of(f.raisedAt());
        boolean repairedOrRecovered = f.outcome() == Outcome.REPAIRED || f.outcome() == Outcome.RECOVERED;
        boolean repair = f.outcome() == null || repairedOrRecovered;
        return new long[] {
            1,
            f.state() != State.CLOSED ? 1 : 0,
            repairedOrRecovered ? 1 : 0,
            f.outcome() == Outcome.FALSE_ALARM ? 1 : 0,
            f.outcome() == Outcome.SELF_RELEASED ? 1 : 0,
            f.overdue() ? 1 : 0,
            f.ackAt() == null ? 0 : 1,
            f.ackAt() == null ? 0 : Micros.of(f.ackAt()) - r,
            f.arrivedAt() == null ? 0 : 1,
            f.arrivedAt() == null ? 0 : Micros.of(f.arrivedAt()) - r,
            repair && f.clearedAt() != null ? 1 : 0,
            repair && f.clearedAt() != null ? Micros.of(f.clearedAt()) - r : 0
        };
    }

    /** A batch starts: whatever a failed attempt left is forgotten with its rollback. */
    void begin() {
        pending.clear();
    }

    /** {@code before} (null for a new fault) became {@code after}. */
    void changed(Fault before, Fault after) {
        long[] sum = pending.computeIfAbsent(hour(Micros.of(after.raisedAt())), h -> new long[WIDTH]);
        long[] a = of(after);
        long[] b = before == null ? new long[WIDTH] : of(before);
        for (int i = 0; i < WIDTH; i++) {
            sum[i] += a[i] - b[i];
        }
    }

    /** Writes the batch's differences with {@code tx}. */
    void flush(Connection tx) throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        PreparedStatement ps = sql.on(tx, UPSERT);
        for (Map.Entry<Long, long[]> e : pending.entrySet()) {
            ps.setLong(1, e.getKey());
            for (int i = 0; i < WIDTH; i++) {
                ps.setLong(2 + i, e.getValue()[i]);
            }
            ps.addBatch();
        }
        ps.executeBatch();
        pending.clear();
    }
}
