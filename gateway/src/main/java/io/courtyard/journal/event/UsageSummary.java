package io.courtyard.journal.event;

import java.util.List;

/**
 * One elevator's usage on one day (site time zone), per household too, for the platform's own
 * billing; journaled once the day is over.
 *
 * @param day {@code YYYY-MM-DD}
 * @param floorsTravelled a ride to floor n counts n − 1 floors
 * @param peakHour the hour (0–23) with the most rides, the earliest of equals; absent without rides
 * @param households rides per household, by household id; rides without a household are only in the totals
 */
public record UsageSummary(
        String day,
        @Tag String elevator,
        int rides,
        long floorsTravelled,
        @Nullable Integer peakHour,
        @Nullable Integer peakRides,
        List<Household> households)
        implements Event {

    public record Household(@Personal(Privacy.PERSONAL) String household, int rides, long floorsTravelled) {}

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
