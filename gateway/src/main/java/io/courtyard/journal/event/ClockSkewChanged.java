package io.courtyard.journal.event;

/**
 * A device's clock went beyond the configured skew from the gateway's ({@code skewed}) or came
 * back within it ({@code in-sync}); the envelope's device is the device, its {@code ts} the
 * gateway's time, since the device's own cannot be trusted.
 *
 * @param skewSeconds the device's clock minus the gateway's, to the millisecond
 * @param limitSeconds the configured limit
 */
public record ClockSkewChanged(@Tag ClockState clock, double skewSeconds, long limitSeconds) implements Event {

    /** Where a device's clock stands against the gateway's. */
    public enum ClockState {
        SKEWED,
        IN_SYNC
    }

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
