package io.courtyard.journal.event;

import java.util.List;

/**
 * An elevator monitor's status message as received; the device is the monitor. Every member but
 * the elevator is optional: some firmwares send only what changed.
 *
 * @param running {@code running} or {@code stopped}
 * @param direction {@code up}, {@code down} or {@code none}
 * @param door {@code open}, {@code closed}, {@code opening} or {@code closing}
 * @param power {@code mains}, {@code battery} or {@code none}
 * @param mode {@code normal}, {@code inspection}, {@code fire} or {@code out-of-service}
 * @param speed metres per second
 * @param faults the fault codes active now, when the firmware reports its whole set
 * @param extra what the message held beyond our vocabulary, as sent
 * @param will the broker delivered it as the monitor's last will
 */
@Constant(name = "state", value = "monitor-status", tag = true)
public record MonitorStatusReported(
        @Tag String elevator,
        @Nullable String running,
        @Nullable String direction,
        @Nullable Integer floor,
        @Nullable String door,
        @Nullable Boolean passenger,
        @Nullable String power,
        @Nullable String mode,
        @Nullable Double speed,
        @Nullable Long runCount,
        @Nullable Long doorCycles,
        @Nullable List<String> faults,
        @Nullable RawJson extra,
        @Nullable Boolean will)
        implements Event {

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
