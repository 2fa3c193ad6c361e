package io.courtyard.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.journal.EventDraft;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A device whose clock drifts is reported once when it goes beyond the limit and once when it is back. */
class ClockSkewTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<EventDraft> events = new ArrayList<>();
    private final ClockSkew skew = new ClockSkew(Duration.ofMinutes(2), registry, d -> {
        events.add(d);
        return CompletableFuture.completedFuture(null);
    });

    @Test
    void driftBeyondTheLimitIsReportedOnceAndItsReturnOnce() {
        Instant t = Instant.parse("2026-03-02T08:00:00Z");

        skew.observe("camera-entry", t.plusSeconds(5), t);
        skew.observe("camera-entry", t.minusSeconds(150), t.plusSeconds(60));
        skew.observe("camera-entry", t.minusSeconds(200), t.plusSeconds(120)); // still beyond: no second report
        skew.observe("camera-entry", t.plusSeconds(180 + 90), t.plusSeconds(180)); // 90 s: above half the limit
        skew.observe("camera-entry", t.plusSeconds(240 + 30), t.plusSeconds(240));

        assertThat(events)
                .extracting(EventDraft::body)
                .containsExactly(
                        "{\"clock\":\"skewed\",\"skewSeconds\":-210.000,\"limitSeconds\":120}",
                        "{\"clock\":\"in-sync\",\"skewSeconds\":30.000,\"limitSeconds\":120}");
        assertThat(events).extracting(EventDraft::deviceId).containsOnly("camera-entry");
        assertThat(registry.get("courtyard.device.clock.skew")
                        .tag("device", "camera-entry")
                        .gauge()
                        .value())
                .isEqualTo(30.0);
        assertThat(skew.skews()).containsEntry("camera-entry", 30.0);
    }
}
