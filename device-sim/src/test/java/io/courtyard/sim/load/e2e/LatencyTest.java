package io.courtyard.sim.load.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void theWarmUpKeepsOnlyItsP99AndEachSegmentItsOwn() {
        Latency l = new Latency("push → answer");
        record(l, 100, 40 * MS); // a slow warm-up
        l.reset();
        record(l, 100, 2 * MS);
        l.closeSegment();
        l.closeSegment(); // nothing recorded: no segment
        record(l, 99, 1 * MS);
        l.record(30 * MS);
        l.closeSegment();

        assertThat(l.warmUpP99()).isCloseTo(40, within(0.1));
        assertThat(l.segmentP99s()).hasSize(2);
        assertThat(l.segmentP99s().get(0)).isCloseTo(2, within(0.01));
        assertThat(l.segmentP99s().get(1)).isCloseTo(1, within(0.01));
        // The window holds both segments and nothing of the warm-up.
        assertThat(l.histogram().getTotalCount()).isEqualTo(200);
        assertThat(l.histogram().getMaxValue()).isBetween(30 * MS - MS / 10, 30 * MS + MS / 10);

        MixedResult.Percentiles p = MixedResult.Percentiles.of(l);
        assertThat(p.p99Story()).isEqualTo("warm-up 40.0 | 2.0 1.0");
    }

    @Test
    void aRunWithoutWarmUpSamplesSaysSo() {
        Latency l = new Latency("card → OUT");
        l.reset();
        record(l, 10, 3 * MS);
        assertThat(MixedResult.Percentiles.of(l).p99Story()).isEqualTo("warm-up none |");
    }

    private static void record(Latency l, int n, long nanos) {
        for (int i = 0; i < n; i++) {
            l.record(nanos);
        }
    }
}
