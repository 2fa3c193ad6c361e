package io.courtyard.journal.event;

import java.time.Instant;

/**
 * An elevator monitor disconnected or went silent; the device is the monitor.
 *
 * @param reason {@code disconnected}, {@code silent}, {@code will}, ...
 * @param lastMessageAt when it was last heard, if ever
 * @param silentForMs how long it had been silent, when silence was the reason
 */
@Constant(name = "state", value = "offline", tag = true)
public record MonitorOffline(
        @Tag String elevator, @Tag String reason, @Nullable Instant lastMessageAt, @Nullable Long silentForMs)
        implements Event {

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
