package io.courtyard.journal.event;

import java.time.Instant;
import java.util.List;

/**
 * The safety alarm of a fault type that has one ({@code trapped-passenger}): raised with the car's
 * last status and the cards presented before, so a crew knows whom to call; cleared with how long
 * it lasted. The device is the monitor.
 *
 * @param alarm the fault type's alarm name ({@code trapped-passenger}, {@code passenger-alarm})
 * @param fault the fault type's id
 * @param lastStatus the car as last known, when raised
 * @param recentCards the presentations at its reader within {@code recentCardsWindowMs}, when raised
 */
public record PassengerAlarm(
        @Tag String alarm,
        @Tag AlarmState state,
        @Tag String elevator,
        @Nullable String building,
        @Nullable String unit,
        String fault,
        String code,
        String table,
        @Nullable Instant raisedAt,
        @Nullable LastStatus lastStatus,
        @Nullable List<CardPresentation> recentCards,
        @Nullable Long recentCardsWindowMs,
        @Nullable Long durationMs)
        implements Event {

    /** The car's last status: each member absent when no status said it. */
    public record LastStatus(
            @Nullable Instant at,
            @Nullable Integer floor,
            @Nullable String door,
            @Nullable String power,
            @Nullable String running,
            @Nullable String mode,
            @Nullable Boolean passenger) {}

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
