package io.courtyard.faults;

import io.courtyard.journal.EventDraft;
import io.courtyard.journal.EventSink;
import io.courtyard.journal.event.EventKind;
import io.courtyard.journal.event.FaultLifecycle;
import io.courtyard.journal.event.FaultLifecycle.Change;
import io.courtyard.journal.event.FaultLifecycle.Origin;
import io.courtyard.journal.event.FaultLifecycle.Outcome;
import io.courtyard.journal.event.FaultLifecycle.State;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * What operators do to faults (API and CLI): acknowledge, report the crew arrived, clear, close with
 * an outcome, or raise one by hand (a resident calls about someone trapped). Each is checked against
 * the fault as the tables hold it, then journaled; the projection applies it from the journal, so the
 * tables, the box and upstream see the same change.
 */
public final class FaultActions {
    private static final int MAX_TEXT = 500;

    /** The {@code fault} of an operator's raise: its id is {@code f-} and the event's own sequence number. */
    public static final String NEW = "new";

    private final EventSink journal;
    private final FaultTypes types;
    private final Clock clock;

    public FaultActions(EventSink journal, FaultTypes types, Clock clock) {
        this.journal = journal;
        this.types = types;
        this.clock = clock;
    }

    public CompletableFuture<?> acknowledge(Connection c, String id, String by, String note)
            throws SQLException, FaultException {
        Fault f = require(c, id, by);
        if (!f.active() || f.ackAt() != null) {
            throw conflict(f, "acknowledged");
        }
        return append(f, Change.ACKNOWLEDGED, f.state() == State.OPEN ? State.ACKNOWLEDGED : f.state(), by, note, null);
    }

    public CompletableFuture<?> arrive(Connection c, String id, String by, String note)
            throws SQLException, FaultException {
        Fault f = require(c, id, by);
        if (!f.active() || f.arrivedAt() != null) {
            throw conflict(f, "marked arrived");
        }
        return append(f, Change.ARRIVED, State.ARRIVED, by, note, null);
    }

    public CompletableFuture<?> clear(Connection c, String id, String by, String note)
            throws SQLException, FaultException {
        Fault f = require(c, id, by);
        if (!f.active()) {
            throw conflict(f, "cleared");
        }
        return append(f, Change.CLEARED, State.CLEARED, by, note, null);
    }

    public CompletableFuture<?> close(Connection c, String id, String by, Outcome outcome, String note)
            throws SQLException, FaultException {
        Fault f = require(c, id, by);
        if (f.state() == State.CLOSED) {
            throw conflict(f, "closed");
        }
        return append(f, Change.CLOSED, State.CLOSED, by, note, outcome == null ? Outcome.REPAIRED : outcome);
    }

    /** A fault reported by a person rather than a device; its id is known once the projection applied it. */
    public CompletableFuture<?> raise(Connection c, String device, String type, String by, String note)
            throws SQLException, FaultException {
        text(by, "by");
        text(note, "note");
        if (by == null || by.isBlank()) {
            throw new FaultException("who reports the fault is required (by)", false);
        }
        for (Fault f : FaultQueries.list(c, new FaultQueries.Filter(device, type, null, null, null, null, true), 0, 10)
                .faults()) {
            if (f.active()) {
                throw new FaultException(
                        device + " already has " + type + " fault " + f.id() + " "
                                + f.state().name().toLowerCase(java.util.Locale.ROOT),
                        false);
            }
        }
        Instant now = clock.instant();
        FaultLifecycle e = new FaultLifecycle(
                EventKind.FAULT,
                NEW,
                1,
                type,
                types.severity(type),
                Change.RAISED,
                State.OPEN,
                Origin.OPERATOR,
                types.elevatorOf(device),
                now,
                by,
                note,
                null,
                0,
                null,
                null,
                null,
                types.rescueTarget(type) == null
                        ? null
                        : types.rescueTarget(type).toMillis());
        return journal.append(EventDraft.at(device, now, e));
    }

    private CompletableFuture<?> append(Fault f, Change change, State after, String by, String note, Outcome outcome)
            throws FaultException {
        text(note, "note");
        FaultLifecycle e =
                FaultEvents.of(f, f.steps() + 1, change, after, Origin.OPERATOR, by, note, outcome, EventKind.FAULT);
        return journal.append(EventDraft.at(f.device(), clock.instant(), e));
    }

    private static Fault require(Connection c, String id, String by) throws SQLException, FaultException {
        text(by, "by");
        if (by == null || by.isBlank()) {
            throw new FaultException("who makes the change is required (by)", false);
        }
        Fault f = FaultQueries.get(c, id);
        if (f == null) {
            throw new FaultException("no fault " + id, true);
        }
        return f;
    }

    private static void text(String s, String field) throws FaultException {
        if (s != null && (s.length() > MAX_TEXT || s.chars().anyMatch(ch -> ch < 0x20 && ch != '\t'))) {
            throw new FaultException(field + ": at most " + MAX_TEXT + " characters, no control characters", false);
        }
    }

    private static FaultException conflict(Fault f, String what) {
        return new FaultException(
                "fault " + f.id() + " is " + f.state().name().toLowerCase(java.util.Locale.ROOT)
                        + (f.ackAt() != null && what.equals("acknowledged") ? " and acknowledged" : "")
                        + (f.arrivedAt() != null && what.equals("marked arrived") ? " and the crew arrived" : "")
                        + "; it cannot be " + what,
                false);
    }
}
