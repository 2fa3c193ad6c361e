package io.courtyard.faults;

import io.courtyard.journal.event.FaultLifecycle.Outcome;
import io.courtyard.journal.event.FaultLifecycle.Severity;
import io.courtyard.journal.event.FaultLifecycle.State;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * One fault as the {@code faults} table holds it: its lifecycle times (null until reached), who
 * acknowledged it, how it ended.
 *
 * @param steps the number of lifecycle changes so far
 * @param rescueTargetMs for a trapped passenger, the time the crew has to arrive
 * @param overdue the crew did not arrive within the rescue target and the overdue alarm went out
 */
public record Fault(
        String id,
        String device,
        String type,
        Severity severity,
        State state,
        String elevator,
        Instant raisedAt,
        long raisedSeq,
        Instant ackAt,
        String ackBy,
        String ackNote,
        Instant arrivedAt,
        Instant clearedAt,
        Instant closedAt,
        Outcome outcome,
        String repairNote,
        int flaps,
        int steps,
        Long rescueTargetMs,
        boolean overdue) {

    static final String COLUMNS = "id, device, type, severity, state, elevator, raised_us, raised_seq, ack_us, ack_by,"
            + " ack_note, arrived_us, cleared_us, closed_us, outcome, repair_note, flaps, steps, rescue_target_ms, overdue";

    /** Not cleared or closed: the fault a new raise of its device and type would join. */
    public boolean active() {
        return state == State.OPEN || state == State.ACKNOWLEDGED || state == State.ARRIVED;
    }

    /** Whether a rescue clock runs: a trapped passenger whose crew has not arrived and who is not out. */
    public boolean rescueRunning() {
        return rescueTargetMs != null && arrivedAt == null && active();
    }

    /** When the crew must be there; null without a rescue clock. */
    public Instant rescueDeadline() {
        return rescueTargetMs == null ? null : raisedAt.plusMillis(rescueTargetMs);
    }

    static long ms(Instant from, Instant to) {
        return Duration.between(from, to).toMillis();
    }

    static Fault read(ResultSet rs) throws SQLException {
        return new Fault(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                Severity.valueOf(rs.getString(4).toUpperCase(Locale.ROOT)),
                State.valueOf(rs.getString(5).toUpperCase(Locale.ROOT)),
                rs.getString(6),
                Micros.instant(rs.getLong(7)),
                rs.getLong(8),
                Micros.nullable(rs, 9),
                rs.getString(10),
                rs.getString(11),
                Micros.nullable(rs, 12),
                Micros.nullable(rs, 13),
                Micros.nullable(rs, 14),
                rs.getString(15) == null
                        ? null
                        : Outcome.valueOf(rs.getString(15).toUpperCase(Locale.ROOT)),
                rs.getString(16),
                rs.getInt(17),
                rs.getInt(18),
                rs.getObject(19) == null ? null : rs.getLong(19),
                rs.getInt(20) != 0);
    }
}
