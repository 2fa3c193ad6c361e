package io.courtyard.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DrainProgressTest {
    private static final long SECOND = 1_000_000_000L;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final UplinkMetrics metrics = new UplinkMetrics("upstream");
    private final DrainProgress progress = new DrainProgress("upstream", 1000, Duration.ofSeconds(5), metrics);

    {
        metrics.bindTo(registry);
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    @Test
    void aBacklogAboveTheThresholdStartsADrainThatEndsAtOrBelowIt() {
        progress.update(500, 0, 0);
        assertFalse(progress.draining(), "live traffic is no drain");
        progress.update(50_000, 0, SECOND);
        assertTrue(progress.draining());
        progress.update(30_000, 20_000, 2 * SECOND);
        progress.update(1000, 49_000, 3 * SECOND);
        assertFalse(progress.draining());
    }

    @Test
    void rateAndEtaFollowAcknowledgements() {
        progress.update(100_000, 0, 0);
        progress.update(90_000, 10_000, SECOND);
        assertEquals(10_000, progress.rate(), 1e-6);
        assertEquals(10_000, gauge(UplinkMetrics.DRAIN_RATE), 1e-6);
        assertEquals(9.0, gauge(UplinkMetrics.DRAIN_ETA), 1e-6);
        progress.update(70_000, 30_000, 2 * SECOND);
        assertTrue(progress.rate() > 10_000 && progress.rate() < 20_000, "smoothed, found " + progress.rate());
    }

    @Test
    void etaIsUnknownWhileNothingMovesAndZeroWithoutBacklog() {
        progress.update(5000, 0, 0);
        progress.update(5000, 0, SECOND);
        assertEquals(-1, gauge(UplinkMetrics.DRAIN_ETA));
        progress.update(0, 5000, 2 * SECOND);
        assertEquals(0, gauge(UplinkMetrics.DRAIN_ETA));
    }

    @Test
    void aDrainWhoseAcknowledgementsStopHasRateZeroAndAnUnknownEta() {
        progress.update(100_000, 0, 0);
        progress.update(90_000, 10_000, SECOND);
        assertEquals(9.0, gauge(UplinkMetrics.DRAIN_ETA), 1e-6);
        // The link goes down: nothing more is acknowledged while the backlog grows.
        for (int s = 2; s <= 60; s++) {
            progress.update(90_000 + s * 20_000L, 10_000, s * SECOND);
        }
        assertEquals(0, progress.rate());
        assertEquals(0, gauge(UplinkMetrics.DRAIN_RATE));
        assertEquals(-1, gauge(UplinkMetrics.DRAIN_ETA), "unknown, not a decayed rate's years");

        progress.update(1_200_000, 40_000, 61 * SECOND);
        assertEquals(30_000, progress.rate(), 1e-6, "restarts from the first sample after the stall");
        assertEquals(40.0, gauge(UplinkMetrics.DRAIN_ETA), 1e-6);
    }
}
