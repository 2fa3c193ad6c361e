package io.courtyard.journal.event;

import java.time.Instant;

/**
 * A device's keypad locked after too many failed entries; it ends by itself at {@code lockedUntil},
 * so there is no clearing event. Never names a code or PIN.
 *
 * @param windowMs the window the failures were counted in
 * @param lockout the lockout's level (1 for the first, growing while failures go on)
 * @param lastReason the reason code of the failure that locked it ({@code pin-wrong}, ...)
 */
@Constant(name = "alarm", value = "keypad-locked", tag = true)
public record KeypadLocked(
        @Tag AlarmState state, int failures, long windowMs, Instant lockedUntil, int lockout, String lastReason)
        implements Event {

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
