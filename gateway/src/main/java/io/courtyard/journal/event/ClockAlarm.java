package io.courtyard.journal.event;

/**
 * The gateway's system clock is not synchronised (raised) or is again (cleared): every time the
 * gateway records meanwhile may be wrong, schedules and pass windows included.
 *
 * @param reason why, on the raising event
 * @param source what told (timedatectl, chronyc, timesyncd)
 */
@Constant(name = "alarm", value = "clock", tag = true)
public record ClockAlarm(@Tag AlarmState state, @Nullable String reason, String source) implements Event {

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
