package io.courtyard.journal.event;

import java.time.Instant;

/**
 * A gate's door forced open (opened without a grant or exit request) or held open too long;
 * cleared when the door closes.
 *
 * @param name the gate's display name
 * @param openForMs how long the door was open, on the clearing event
 */
public record DoorAlarm(
        @Tag Alarm alarm,
        @Tag AlarmState state,
        @Tag String door,
        @Nullable String name,
        Instant openedAt,
        @Nullable Long openForMs)
        implements Event {

    public enum Alarm {
        DOOR_FORCED_OPEN,
        DOOR_HELD_OPEN
    }

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
