package io.courtyard.journal.event;

/**
 * A gate's door contact or exit button changed: low-priority telemetry, the trail that ties a
 * grant to the opening that followed it.
 */
public record GateInput(@Tag Change state, @Tag String door) implements Event {

    public enum Change {
        DOOR_OPEN,
        DOOR_CLOSED,
        EXIT_REQUEST
    }

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
