package io.courtyard.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.journal.JournalReader;
import io.courtyard.journal.event.AccessDecided;
import io.courtyard.journal.event.RideRecorded;
import io.courtyard.journal.event.TripRecorded;
import io.courtyard.journal.event.UsageSummary;
import io.courtyard.testsupport.FaultLog;
import io.courtyard.testsupport.SettableClock;
import io.courtyard.testsupport.TestJournal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The usage tables from real journal events, the month report and the daily summaries journaled once. */
@Timeout(60)
class UsageTest {
    @TempDir
    Path dir;

    static RideRecorded ride(String household, int floor) {
        return new RideRecorded(
                "elevator-1-1",
                "1",
                "1",
                "card",
                null,
                null,
                null,
                "resident",
                household,
                1,
                false,
                floor,
                null,
                Instant.parse("2026-10-01T00:00:00Z"),
                "granted",
                1);
    }

    static AccessDecided decision(AccessDecided.Decision d) {
        return new AccessDecided(
                d,
                d == AccessDecided.Decision.GRANT ? "granted" : "unknown-credential",
                null,
                "card",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                1,
                null,
                null);
    }

    @Test
    void ridesTripsAndTrafficAreCountedPerHourDayHouseholdAndFloorAndSummarisedOncePerDay() throws Exception {
        // 08:xx Shanghai = 00:xx UTC on 2026-10-14.
        Instant morning = Instant.parse("2026-10-14T00:10:00Z");
        SettableClock clock = new SettableClock(Instant.parse("2026-10-15T00:00:00Z"));
        try (FaultLog log = FaultLog.open(dir, clock)) {
            log.append("elevator-1-1", morning, ride("1-1-301", 3));
            log.append("elevator-1-1", morning.plusSeconds(60), ride("1-1-301", 3));
            log.append("elevator-1-1", morning.plusSeconds(120), ride("1-1-702", 7));
            log.append("elevator-1-1", morning.plus(Duration.ofHours(10)), ride(null, 5));
            log.append("elevator-1-1", morning.plus(Duration.ofDays(1)), ride("1-1-702", 7));
            log.append(
                    "monitor-1-1",
                    morning,
                    new TripRecorded(
                            "elevator-1-1", 1, 7, "up", morning.minusSeconds(20), 18_000, 6, 2, "normal", List.of()));
            log.append("north-gate", morning, decision(AccessDecided.Decision.GRANT));
            log.append("north-gate", morning, decision(AccessDecided.Decision.DENY));
            log.append("north-gate", morning, decision(AccessDecided.Decision.GRANT));
            log.settle();

            var m = UsageQueries.elevatorMonth(log.db(), YearMonth.of(2026, 10), "elevator-1-1");
            assertThat(m.rides()).isEqualTo(5);
            assertThat(m.floorsTravelled()).isEqualTo(2 + 2 + 6 + 4 + 6);
            assertThat(m.byHousehold().get("1-1-301")).isEqualTo(new UsageQueries.Rides(2, 4));
            assertThat(m.byHousehold().get("1-1-702")).isEqualTo(new UsageQueries.Rides(2, 12));
            assertThat(m.byHousehold().get("")).isEqualTo(new UsageQueries.Rides(1, 4));
            assertThat(m.byHourOfDay()).containsEntry(8, 4L).containsEntry(18, 1L);
            assertThat(m.peakHour()).isEqualTo(8);
            assertThat(m.byDay()).containsEntry("2026-10-14", 4L).containsEntry("2026-10-15", 1L);
            assertThat(m.byFloor()).containsEntry(3, 2L).containsEntry(7, 2L).containsEntry(5, 1L);
            assertThat(UsageQueries.trips(log.db(), YearMonth.of(2026, 10), "elevator-1-1"))
                    .isEqualTo(new UsageQueries.Trips(1, 6, 2, 18_000));
            assertThat(UsageQueries.traffic(log.db(), YearMonth.of(2026, 10)))
                    .containsExactly(new UsageQueries.Traffic("north-gate", 2, 1));

            // 2026-10-15 08:00 Shanghai: the 14th is over; the 15th is not.
            UsageSummaries summaries = new UsageSummaries(
                    log.journal().database(),
                    log.journal().journal()::append,
                    log.config().site().timeZone(),
                    clock,
                    Duration.ofHours(1));
            summaries.start();
            try {
                assertThat(summaries.summarise()).isEqualTo(1);
                assertThat(summaries.summarise()).as("each day once").isZero();
                clock.set(Instant.parse("2026-10-16T00:00:00Z"));
                assertThat(summaries.summarise()).isEqualTo(1);
            } finally {
                summaries.stop();
            }
            List<UsageSummary> sent = new ArrayList<>();
            JournalReader.unacknowledged(log.db(), TestJournal.SITE, "nobody", je -> {
                if (je.event() instanceof UsageSummary s) {
                    sent.add(s);
                }
            });
            assertThat(sent).hasSize(2);
            UsageSummary day = sent.get(0);
            assertThat(day.day()).isEqualTo("2026-10-14");
            assertThat(day.rides()).isEqualTo(4);
            assertThat(day.peakHour()).isEqualTo(8);
            assertThat(day.peakRides()).isEqualTo(3);
            assertThat(day.households())
                    .containsExactly(
                            new UsageSummary.Household("1-1-301", 2, 4), new UsageSummary.Household("1-1-702", 1, 6));
            assertThat(UsageSummaries.summary(log.db(), "elevator-1-1", LocalDate.parse("2026-10-15"))
                            .rides())
                    .isEqualTo(1);
            assertThat(Map.of()).isEmpty();
        }
    }
}
