package io.courtyard.faults;

import io.courtyard.journal.event.EventCodec;
import io.courtyard.journal.event.EventKind;
import io.courtyard.journal.event.FaultLifecycle;
import io.courtyard.journal.event.FaultLifecycle.Change;
import io.courtyard.journal.event.FaultLifecycle.Origin;
import io.courtyard.journal.event.FaultLifecycle.State;
import io.courtyard.store.Statements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle rules, applied to the fault tables inside the projection's transaction. Only event
 * times are used (never the wall clock), so replaying the journal gives the same tables: one active
 * fault per device and type, a raise within the flapping hold of a clearing reopens that fault, a
 * transient is counted and never opened, operator changes apply only where the lifecycle allows
 * them. A change derived from a device event is also written to the outbox, to be journaled.
 */
final class FaultBook {
    private static final Logger log = LoggerFactory.getLogger(FaultBook.class);

    private final FaultTypes types;
    private final ZoneId zone;
    private final Statements sql = new Statements();
    private final FaultStats stats = new FaultStats();
    private Connection tx;
    private long seq;
    /** The row as the last successful {@link #update} left it. */
    private Fault updated;

    FaultBook(FaultTypes types, ZoneId zone) {
        this.types = types;
        this.zone = zone;
    }

    /** A batch begins: the hourly figures start from what its transaction will find. */
    void begin() {
        stats.begin();
    }

    /** A batch ends: its hourly figures are written with {@code tx}, before the commit. */
    void finish(Connection tx) throws SQLException {
        stats.flush(tx);
    }

    /** Applies {@code s}, the meaning of the journal event {@code seq}, with {@code tx}. */
    void apply(Connection tx, long seq, Signal s) throws SQLException {
        this.tx = tx;
        this.seq = seq;
        if (s instanceof Signal.Raise r) {
            raise(r.device(), r.type(), r.elevator(), r.severity(), r.at(), Origin.DEVICE, null, null);
        } else if (s instanceof Signal.Clear c) {
            Fault f = active(c.device(), c.type());
            if (f != null) {
                update(f, "state = 'cleared', cleared_us = ?", Micros.of(c.at()));
                changed(updated, Change.CLEARED, c.at(), Origin.DEVICE, null, null);
            }
        } else if (s instanceof Signal.Transient t) {
            PreparedStatement ps =
                    sql.on(tx, "INSERT OR IGNORE INTO fault_transients(device, type, at_us, seq) VALUES (?, ?, ?, ?)");
            ps.setString(1, t.device());
            ps.setString(2, t.type());
            ps.setLong(3, Micros.of(t.at()));
            ps.setLong(4, seq);
            ps.executeUpdate();
        } else if (s instanceof Signal.Action a) {
            action(a);
        } else if (s instanceof Signal.Echo e) {
            PreparedStatement ps = sql.on(tx, "DELETE FROM fault_outbox WHERE fault = ? AND step = ?");
            ps.setString(1, e.change().fault());
            ps.setInt(2, e.change().step());
            ps.executeUpdate();
        }
    }

    private void raise(
            String device,
            String type,
            String elevator,
            String severity,
            Instant at,
            Origin origin,
            String by,
            String note)
            throws SQLException {
        if (active(device, type) != null) {
            return; // one active fault per device and type: a repeated raise joins it
        }
        Duration hold = types.flapHold();
        Fault recent = lastCleared(device, type);
        if (recent != null
                && recent.clearedAt() != null
                && !at.isAfter(recent.clearedAt().plus(hold))) {
            String back = recent.arrivedAt() != null ? "arrived" : recent.ackAt() != null ? "acknowledged" : "open";
            update(recent, "state = ?, cleared_us = NULL, flaps = flaps + 1", back);
            changed(updated, Change.REOPENED, at, origin, by, note);
            return;
        }
        String id = "f-" + seq;
        Duration target = types.rescueTarget(type);
        PreparedStatement ps = sql.on(
                tx,
                "INSERT INTO faults(id, device, type, severity, state, elevator,"
                        + " raised_us, raised_month, raised_seq, steps, rescue_target_ms) VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?, 1, ?)");
        ps.setString(1, id);
        ps.setString(2, device);
        ps.setString(3, type);
        ps.setString(4, types.severity(type, severity).name().toLowerCase(Locale.ROOT));
        ps.setString(5, elevator);
        ps.setLong(6, Micros.of(at));
        ps.setString(7, YearMonth.from(at.atZone(zone)).toString());
        ps.setLong(8, seq);
        if (target == null) {
            ps.setNull(9, java.sql.Types.INTEGER);
        } else {
            ps.setLong(9, target.toMillis());
        }
        ps.executeUpdate();
        Fault created = reload(id);
        stats.changed(null, created);
        changed(created, Change.RAISED, at, origin, by, note);
    }

    private void action(Signal.Action a) throws SQLException {
        FaultLifecycle c = a.change();
        if (c.change() == Change.RAISED) {
            raise(a.device(), c.type(), c.elevator(), null, a.at(), c.origin(), c.by(), c.note());
            return;
        }
        Fault f = reload(c.fault());
        long at = Micros.of(a.at());
        boolean ok =
                switch (c.change()) {
                    case ACKNOWLEDGED -> f != null
                            && f.active()
                            && f.ackAt() == null
                            && update(
                                    f,
                                    "state = CASE state WHEN 'open' THEN 'acknowledged' ELSE state END, ack_us = ?,"
                                            + " ack_by = ?, ack_note = ?",
                                    at,
                                    c.by(),
                                    c.note());
                    case ARRIVED -> f != null
                            && f.active()
                            && f.arrivedAt() == null
                            && update(f, "state = 'arrived', arrived_us = ?", at);
                    case CLEARED -> f != null && f.active() && update(f, "state = 'cleared', cleared_us = ?", at);
                    case CLOSED -> f != null
                            && f.state() != State.CLOSED
                            && update(
                                    f,
                                    "state = 'closed', closed_us = ?, cleared_us = COALESCE(cleared_us, closed_us),"
                                            + " outcome = ?, repair_note = ?",
                                    at,
                                    outcome(c),
                                    c.note());
                    case RESCUE_OVERDUE -> f != null && !f.overdue() && update(f, "overdue = 1");
                    case RAISED, REOPENED -> false;
                };
        if (!ok) {
            log.warn(
                    "faults: seq {}: {} of {} does not apply to its state ({}); ignored",
                    seq,
                    c.change(),
                    c.fault(),
                    f == null ? "no such fault" : f.state());
            return;
        }
        record(updated, c.change(), a.at(), c.by(), c.note());
    }

    private static String outcome(FaultLifecycle c) {
        return (c.outcome() == null ? FaultLifecycle.Outcome.REPAIRED : c.outcome())
                .name()
                .toLowerCase(Locale.ROOT);
    }

    /** Every change is one more step of its fault. */
    private boolean update(Fault f, String set, Object... values) throws SQLException {
        PreparedStatement ps = sql.on(tx, "UPDATE faults SET " + set + ", steps = steps + 1 WHERE id = ?");
        int i = 1;
        for (Object v : values) {
            ps.setObject(i++, v);
        }
        ps.setString(i, f.id());
        if (ps.executeUpdate() != 1) {
            return false;
        }
        updated = reload(f.id());
        stats.changed(f, updated);
        return true;
    }

    /** Records a change this room derived and queues its event for the journal. */
    private void changed(Fault f, Change change, Instant at, Origin origin, String by, String note)
            throws SQLException {
        record(f, change, at, by, note);
        if (origin != Origin.DEVICE) {
            return; // an operator's change is its own journal event
        }
        FaultLifecycle e = FaultEvents.of(f, change, Origin.DEVICE, by, note, EventKind.FAULT);
        PreparedStatement ps = sql.on(
                tx,
                "INSERT OR REPLACE INTO fault_outbox(fault, step, device, at_us, body, kind) VALUES (?, ?, ?, ?, ?, ?)");
        ps.setString(1, f.id());
        ps.setInt(2, f.steps());
        ps.setString(3, f.device());
        ps.setLong(4, Micros.of(at));
        ps.setString(5, EventCodec.encode(e));
        ps.setString(6, e.kind().topic());
        ps.executeUpdate();
    }

    private void record(Fault f, Change change, Instant at, String by, String note) throws SQLException {
        PreparedStatement ps = sql.on(
                tx,
                "INSERT INTO fault_changes(fault, step, change, at_us, seq, by, note) VALUES (?, ?, ?, ?, ?, ?, ?)");
        ps.setString(1, f.id());
        ps.setInt(2, f.steps());
        ps.setString(3, change.name().toLowerCase(Locale.ROOT));
        ps.setLong(4, Micros.of(at));
        ps.setLong(5, seq);
        ps.setString(6, by);
        ps.setString(7, note);
        ps.executeUpdate();
    }

    private Fault active(String device, String type) throws SQLException {
        return one("WHERE device = ? AND type = ? AND state IN ('open', 'acknowledged', 'arrived')", device, type);
    }

    private Fault lastCleared(String device, String type) throws SQLException {
        return one(
                "WHERE device = ? AND type = ? AND state = 'cleared' ORDER BY cleared_us DESC LIMIT 1", device, type);
    }

    private Fault reload(String id) throws SQLException {
        return one("WHERE id = ?", id);
    }

    private Fault one(String where, String... args) throws SQLException {
        PreparedStatement ps = sql.on(tx, "SELECT " + Fault.COLUMNS + " FROM faults " + where);
        for (int i = 0; i < args.length; i++) {
            ps.setString(i + 1, args[i]);
        }
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Fault.read(rs) : null;
        }
    }
}
