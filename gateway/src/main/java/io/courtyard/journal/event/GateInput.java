package io.courtyard.journal.event;

/**
 * A gate's door contact or exit button changed, or a signed remote command opened it: low-priority
 * telemetry, the trail that ties a grant (or a command) to the opening that followed it.
 */
public record GateInput(@Tag Change state, @Tag String door) implements Event {

    public enum Change {
        DOOR_OPEN,
        DOOR_CLOSED,
        EXIT_REQUEST,
        /** A signed remote command pulsed the strike. */
        REMOTE_OPEN
    }

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
