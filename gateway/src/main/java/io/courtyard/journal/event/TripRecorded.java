package io.courtyard.journal.event;

import java.time.Instant;
import java.util.List;

/**
 * A trip of an elevator car as its monitor's statuses showed it (departure to arrival), with the
 * cards presented at its reader before it; the time is the arrival.
 *
 * @param direction {@code up} or {@code down}
 * @param floors how many floors it travelled
 * @param doorCycles door openings at the departure floor since the previous trip
 * @param mode the service mode at departure ({@code inspection} trips are a technician's)
 */
@Constant(name = "state", value = "trip", tag = true)
public record TripRecorded(
        @Tag String elevator,
        int fromFloor,
        int toFloor,
        @Tag String direction,
        Instant startedAt,
        long durationMs,
        int floors,
        int doorCycles,
        @Nullable String mode,
        List<CardPresentation> cards)
        implements Event {

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
