package io.courtyard.sim.load.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One latency measured by the run, recorded from any thread (HdrHistogram's {@link Recorder}), and
 * read per window: the measured window's histogram is kept apart from the warm-up's, and the window
 * is cut into segments (a minute each) whose p99s say whether the tail is spread over the run or
 * comes from one stretch of it (a gateway still compiling its code, a stalled disk).
 */
final class Latency {
    private static final long MAX = TimeUnit.SECONDS.toNanos(120);

    private final String name;
    private final Recorder recorder = new Recorder(MAX, 3);
    private final Histogram window = new Histogram(MAX, 3);
    private final List<Double> segmentP99s = new ArrayList<>();
    private double warmUpP99 = Double.NaN;

    Latency(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    void record(long nanos) {
        recorder.recordValue(Math.max(0, Math.min(MAX, nanos)));
    }

    /** Ends the warm-up: keeps its p99, forgets the rest. */
    synchronized void reset() {
        Histogram warmUp = recorder.getIntervalHistogram();
        warmUpP99 = p99Ms(warmUp);
        window.reset();
        segmentP99s.clear();
    }

    /** Closes the current segment of the measured window; an empty one leaves no p99. */
    synchronized void closeSegment() {
        Histogram segment = recorder.getIntervalHistogram();
        window.add(segment);
        if (segment.getTotalCount() > 0) {
            segmentP99s.add(p99Ms(segment));
        }
    }

    /** Everything recorded since the last reset. */
    synchronized Histogram histogram() {
        window.add(recorder.getIntervalHistogram());
        return window.copy();
    }

    /** The p99 of the warm-up, in ms; NaN when nothing was recorded in it. */
    synchronized double warmUpP99() {
        return warmUpP99;
    }

    /** The p99 of each closed segment, in ms, in order. */
    synchronized List<Double> segmentP99s() {
        return List.copyOf(segmentP99s);
    }

    private static double p99Ms(Histogram h) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(99) / 1e6;
    }
}
