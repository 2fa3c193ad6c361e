package io.courtyard.faults;

import io.courtyard.journal.event.EventKind;
import io.courtyard.journal.event.FaultLifecycle;
import io.courtyard.journal.event.FaultLifecycle.Change;
import io.courtyard.journal.event.FaultLifecycle.Origin;
import io.courtyard.journal.event.FaultLifecycle.Outcome;

/** Every {@code fault-lifecycle} event is built here, from the fault as it stands after the change. */
final class FaultEvents {
    private FaultEvents() {}

    static FaultLifecycle of(Fault f, Change change, Origin origin, String by, String note, EventKind kind) {
        return of(f, f.steps(), change, f.state(), origin, by, note, f.outcome(), kind);
    }

    /**
     * @param step the change's step: the fault's steps after it
     * @param state the fault's state after it
     */
    static FaultLifecycle of(
            Fault f,
            int step,
            Change change,
            FaultLifecycle.State state,
            Origin origin,
            String by,
            String note,
            Outcome outcome,
            EventKind kind) {
        return new FaultLifecycle(
                kind,
                f.id(),
                step,
                f.type(),
                f.severity(),
                change,
                state,
                origin,
                f.elevator(),
                f.raisedAt(),
                by,
                note,
                outcome,
                f.flaps(),
                f.ackAt() == null ? null : Fault.ms(f.raisedAt(), f.ackAt()),
                f.arrivedAt() == null ? null : Fault.ms(f.raisedAt(), f.arrivedAt()),
                f.clearedAt() == null ? null : Fault.ms(f.raisedAt(), f.clearedAt()),
                f.rescueTargetMs());
    }
}
