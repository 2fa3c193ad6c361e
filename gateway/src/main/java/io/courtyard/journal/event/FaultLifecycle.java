package io.courtyard.journal.event;

import java.time.Instant;

/**
 * One change in a fault's lifecycle (raised → acknowledged → crew arrived → cleared → closed), as
 * the faults room keeps it; the envelope's device is the faulty device ({@code gateway} for the
 * gateway's own faults). Published on {@code fault}; an overdue rescue on {@code alarm}.
 *
 * @param fault the fault's id, {@code f-} and the sequence number of the event that raised it
 * @param step this change's number within the fault, from 1 (the raise): with {@code fault} it
 *     identifies the change, so a consumer can deduplicate
 * @param type the fault type ({@code trapped-passenger}, {@code door-forced-open}, {@code device-offline}, ...)
 * @param state where the fault stands after this change
 * @param origin who made the change: derived from a device event, an operator, or the rescue watch
 * @param by the operator, for changes an operator made
 * @param outcome how a closed fault ended
 * @param flaps how often the fault cleared and came back within the flapping hold
 * @param rescueTargetMs for a trapped passenger, the time the crew has to arrive
 */
public record FaultLifecycle(
        EventKind kind,
        String fault,
        int step,
        @Tag String type,
        @Tag Severity severity,
        @Tag Change change,
        @Tag State state,
        Origin origin,
        @Nullable String elevator,
        Instant raisedAt,
        @Nullable @Personal(Privacy.PERSONAL) String by,
        @Nullable String note,
        @Nullable Outcome outcome,
        int flaps,
        @Nullable Long ackAfterMs,
        @Nullable Long arriveAfterMs,
        @Nullable Long clearAfterMs,
        @Nullable Long rescueTargetMs)
        implements Event {

    public enum Severity {
        CRITICAL,
        MAJOR,
        MINOR,
        INFO
    }

    public enum Change {
        RAISED,
        REOPENED,
        ACKNOWLEDGED,
        ARRIVED,
        CLEARED,
        CLOSED,
        RESCUE_OVERDUE
    }

    public enum State {
        OPEN,
        ACKNOWLEDGED,
        ARRIVED,
        CLEARED,
        CLOSED
    }

    public enum Origin {
        DEVICE,
        OPERATOR,
        WATCH
    }

    /** How a fault was closed; false alarms and self-released passengers are counted apart from repairs. */
    public enum Outcome {
        REPAIRED,
        RECOVERED,
        FALSE_ALARM,
        SELF_RELEASED
    }

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
