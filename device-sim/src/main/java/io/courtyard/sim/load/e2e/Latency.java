package io.courtyard.sim.load.e2e;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One latency measured by the run, recorded from any thread (HdrHistogram's {@link Recorder}), and
 * read per window: the measured window's histogram is kept apart from the warm-up's.
 */
final class Latency {
    private static final long MAX = TimeUnit.SECONDS.toNanos(120);

    private final String name;
    private final Recorder recorder = new Recorder(MAX, 3);
    private final Histogram window = new Histogram(MAX, 3);

    Latency(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    void record(long nanos) {
        recorder.recordValue(Math.max(0, Math.min(MAX, nanos)));
    }

    /** Forgets what was recorded so far (the warm-up). */
    synchronized void reset() {
        recorder.getIntervalHistogram();
        window.reset();
    }

    /** Everything recorded since the last reset. */
    synchronized Histogram histogram() {
        window.add(recorder.getIntervalHistogram());
        return window.copy();
    }
}
