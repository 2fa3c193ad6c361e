package io.courtyard.journal.event;

/**
 * The journal is over its quota with nothing purgeable left, or its commits fail: the gateway
 * keeps deciding, but events that must not be lost have no room.
 *
 * @param reason why, on the raising event
 */
@Constant(name = "alarm", value = "disk", tag = true)
public record DiskAlarm(@Tag AlarmState state, @Nullable String reason) implements Event {

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
