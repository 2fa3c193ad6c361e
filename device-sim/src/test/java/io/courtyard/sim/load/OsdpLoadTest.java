package io.courtyard.sim.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The load harness on a small plan: the real drivers answer cards with OUTs, and the report says so. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OsdpLoadTest {
    @Test
    void aSmallRunMeasuresIdleCpuAndCardToOutWithTheRealDrivers() throws Exception {
        OsdpLoad.Plan plan = small(2, true, 0);

        LoadReport report = new OsdpLoad(plan).run();

        assertThat(report.lines()).anyMatch(l -> l.equals("PDs online: 4 of 4"));
        assertThat(report.lines()).anyMatch(l -> l.startsWith("idle window"));
        assertThat(report.lines())
                .anyMatch(l -> l.startsWith("card to OUT written, real drivers and engine (exact): p50"));
    }

    @Test
    void aFloodRunTimesTheCardsAgainWhileHostileConnectionsHitTheCameraPort() throws Exception {
        OsdpLoad.Plan plan = small(1, false, 40);

        LoadReport report = new OsdpLoad(plan).run();

        assertThat(report.lines())
                .anyMatch(l -> l.startsWith("card to OUT under a flood of 40 connections: p50")
                        && l.contains("ratio flooded/quiet"));
        assertThat(report.lines())
                .filteredOn(l -> l.startsWith("camera listener: "))
                .singleElement()
                .satisfies(l -> assertThat(l).doesNotStartWith("camera listener: 0 connections accepted"));
    }

    /** Seconds-long windows, 20 cards/s on {@code buses} x 2 PDs polled every 20 ms. */
    private static OsdpLoad.Plan small(int buses, boolean secure, int flood) {
        return new OsdpLoad.Plan(
                buses,
                2,
                Duration.ofMillis(20),
                secure,
                2,
                Duration.ofSeconds(2),
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                20,
                100,
                0.0,
                flood);
    }
}
