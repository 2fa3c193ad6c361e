package io.courtyard.device.osdp.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BusMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BusMetrics metrics = new BusMetrics(registry, "gates-bus", () -> 0);

    @Test
    void aSteadyPollCycleReadsAsItsIntervalToTwoDigits() {
        for (int i = 0; i < 2000; i++) {
            metrics.poll(TimeUnit.MILLISECONDS.toNanos(50));
        }
        // With one significant digit a steady 50 ms read as 48 ms.
        assertThat(percentiles(BusMetrics.POLL_CYCLE))
                .allSatisfy(v -> assertThat(v.value(TimeUnit.MILLISECONDS)).isCloseTo(50.0, within(0.5)));
    }

    @Test
    void replyTimesReadWithinAFewPerCent() {
        for (int i = 0; i < 2000; i++) {
            metrics.replied(TimeUnit.MICROSECONDS.toNanos(4200));
        }
        assertThat(percentiles(BusMetrics.REPLY_TIME))
                .allSatisfy(v -> assertThat(v.value(TimeUnit.MILLISECONDS)).isCloseTo(4.2, within(4.2 * 0.07)));
    }

    private ValueAtPercentile[] percentiles(String name) {
        Timer t = registry.get(name).tag("bus", "gates-bus").timer();
        ValueAtPercentile[] p = t.takeSnapshot().percentileValues();
        assertThat(p).extracting(ValueAtPercentile::percentile).containsExactly(0.5, 0.99);
        return p;
    }
}
