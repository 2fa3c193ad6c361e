package io.courtyard.journal.event;

/**
 * A reader or relay board guarding a gate or an elevator reports its tamper switch: someone is
 * opening or prying it off. Exactly one of {@code door} and {@code elevator} names the device.
 *
 * @param pd the OSDP device reporting it, on {@code bus} at {@code address}
 */
@Constant(name = "alarm", value = "tamper", tag = true)
public record TamperAlarm(
        @Tag AlarmState state,
        @Tag @Nullable String door,
        @Tag @Nullable String elevator,
        String pd,
        String bus,
        int address)
        implements Event {

    public TamperAlarm {
        if ((door == null) == (elevator == null)) {
            throw new IllegalArgumentException(
                    "a tamper alarm names a door or an elevator, found " + door + ", " + elevator);
        }
    }

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
