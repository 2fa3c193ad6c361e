package io.courtyard.device.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TripTrackerTest {
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    private final TripTracker trips = new TripTracker();
    private MonitorStatus car;

    private TripTracker.Trip report(int second, String running, Integer floor, String door) {
        MonitorStatus reported =
                new MonitorStatus(running, null, floor, door, null, null, "normal", null, null, null, null);
        car = reported.over(car);
        return trips.next(car, reported, T0.plusSeconds(second));
    }

    @Test
    void aTripRunsFromTheFloorWhereTheCarStoppedToWhereItStopsNextWithItsBoardingDoorCycles() {
        assertThat(report(0, "stopped", 1, "closed")).isNull();
        assertThat(report(1, null, null, "open")).isNull();
        assertThat(report(6, null, null, "closed")).isNull();
        assertThat(report(8, "running", 2, null)).isNull();
        assertThat(report(12, null, 5, null)).isNull();
        TripTracker.Trip t = report(16, "stopped", 7, null);
        assertThat(t.fromFloor()).isEqualTo(1);
        assertThat(t.toFloor()).isEqualTo(7);
        assertThat(t.direction()).isEqualTo("up");
        assertThat(t.duration()).isEqualTo(Duration.ofSeconds(8));
        assertThat(t.doorCycles()).isEqualTo(1);
        assertThat(t.mode()).isEqualTo("normal");
        assertThat(trips.doorOpenings()).isEqualTo(1);
    }

    @Test
    void aRunThatEndsOnItsOwnFloorIsNoTripButItsTimeCounts() {
        report(0, "stopped", 4, "closed");
        report(1, "running", 4, null);
        assertThat(report(3, "stopped", 4, null)).isNull();
        assertThat(trips.running()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aFirmwareWithoutRunningStateIsReadFromItsDirection() {
        MonitorStatus stopped = new MonitorStatus(null, "none", 9, null, null, null, null, null, null, null, null);
        MonitorStatus down = new MonitorStatus(null, "down", 8, null, null, null, null, null, null, null, null);
        MonitorStatus arrived = new MonitorStatus(null, "none", 1, null, null, null, null, null, null, null, null);
        trips.next(stopped, stopped, T0);
        trips.next(down, down, T0.plusSeconds(1));
        TripTracker.Trip t = trips.next(arrived, arrived, T0.plusSeconds(20));
        assertThat(t.fromFloor()).isEqualTo(9);
        assertThat(t.toFloor()).isEqualTo(1);
        assertThat(t.direction()).isEqualTo("down");
    }

    @Test
    void aCarFirstSeenMovingMakesNoTripUntilItHasStoppedOnce() {
        assertThat(report(0, "running", 3, null)).isNull();
        assertThat(report(5, "stopped", 6, null)).isNull();
        report(6, "running", 6, null);
        assertThat(report(9, "stopped", 2, null)).isNotNull();
    }
}
