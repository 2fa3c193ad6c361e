package io.courtyard.journal.event;

import java.util.List;

/**
 * An emergency mode raised or cleared; also how a restart finds the modes in force again.
 *
 * @param source what changed it: {@code input:DEVICE}, {@code upstream:NONCE}, {@code operator:NAME}
 * @param devices for fire: the gates, barriers and elevators that open
 */
@Constant(name = "alarm", value = "emergency", tag = true)
public record EmergencyChanged(Mode mode, @Tag AlarmState state, String source, @Nullable List<String> devices)
        implements Event {

    public enum Mode {
        FIRE,
        LOCKDOWN
    }

    public EmergencyChanged {
        devices = devices == null ? null : List.copyOf(devices);
    }

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
