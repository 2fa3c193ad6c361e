package io.courtyard.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.journal.EventDraft;
import io.courtyard.journal.event.ClockSkewChanged;
import io.courtyard.journal.event.ClockSkewChanged.ClockState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A device whose clock drifts is reported once when it goes beyond the limit and once when it is
 * back; reports that arrive late (held back by the device) never make a skew.
 */
class ClockSkewTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<EventDraft> events = new ArrayList<>();
    private final ClockSkew skew = new ClockSkew(Duration.ofMinutes(2), registry, d -> {
        events.add(d);
        return CompletableFuture.completedFuture(null);
    });
    private final Instant t = Instant.parse("2026-03-02T08:00:00Z");
    private long at;

    /** One report whose device time is {@code skewSeconds} off the gateway's, ten seconds after the last. */
    private void report(String device, long skewSeconds) {
        at += 10;
        skew.observe(device, t.plusSeconds(at + skewSeconds), t.plusSeconds(at));
    }

    @Test
    void driftBeyondTheLimitIsReportedOnceAndItsReturnOnce() {
        report("camera-entry", 5);
        report("camera-entry", 3);
        assertThat(skew.skews())
                .as("no estimate before %d reports", ClockSkew.WINDOW)
                .isEmpty();
        report("camera-entry", 4);
        assertThat(skew.skews()).containsEntry("camera-entry", 5.0);

        // The camera's clock is set back 3.5 minutes: reported once the last reports all say so.
        report("camera-entry", -210);
        report("camera-entry", -212);
        assertThat(events).isEmpty();
        report("camera-entry", -211);
        assertThat(skew.health()).containsEntry("skewed", List.of("camera-entry"));
        report("camera-entry", -200); // still beyond: no second report
        report("camera-entry", 90); // above half the limit: not yet in sync
        report("camera-entry", 90);
        report("camera-entry", 30);
        report("camera-entry", 31);
        report("camera-entry", 30);

        assertThat(events)
                .extracting(EventDraft::event)
                .containsExactly(
                        new ClockSkewChanged(ClockState.SKEWED, -210.0, 120),
                        new ClockSkewChanged(ClockState.IN_SYNC, 31.0, 120));
        assertThat(events)
                .extracting(EventDraft::body)
                .containsExactly(
                        "{\"clock\":\"skewed\",\"skewSeconds\":-210.0,\"limitSeconds\":120}",
                        "{\"clock\":\"in-sync\",\"skewSeconds\":31.0,\"limitSeconds\":120}");
        assertThat(events).extracting(EventDraft::deviceId).containsOnly("camera-entry");
        assertThat(registry.get("courtyard.device.clock.skew")
                        .tag("device", "camera-entry")
                        .gauge()
                        .value())
                .isEqualTo(31.0);
        assertThat(skew.health())
                .containsEntry("limitSeconds", 120L)
                .containsEntry("skewed", List.of())
                .containsEntry("skewSeconds", Map.of("camera-entry", 31.0));
    }

    @Test
    void reportsHeldBackByTheDeviceAreNotASkew() {
        report("monitor-1", 0);
        report("monitor-1", 1);
        // Back online after half an hour, the monitor sends what it kept: stamped when it happened.
        report("monitor-1", -1800);
        report("monitor-1", -1790);
        report("monitor-1", 0);
        report("monitor-1", -1780);
        report("monitor-1", -1770);

        assertThat(events).isEmpty();
        assertThat(skew.skews()).containsEntry("monitor-1", 0.0);
    }

    @Test
    void aClockAheadIsReportedWithItsSign() {
        report("monitor-2", 600);
        report("monitor-2", 600);
        report("monitor-2", 599);

        assertThat(events)
                .extracting(EventDraft::event)
                .containsExactly(new ClockSkewChanged(ClockState.SKEWED, 600.0, 120));
        assertThat(skew.health()).containsEntry("skewed", List.of("monitor-2"));
    }
}
