package io.courtyard.bench;

import io.courtyard.access.AccessEngine;
import io.courtyard.access.AccessRequest;
import io.courtyard.access.AccessState;
import io.courtyard.access.Decision;
import io.courtyard.access.SiteLayout;
import io.courtyard.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.openjdk.jmh.util.SampleBuffer;
import org.openjdk.jmh.util.Statistics;

/**
 * Why {@link AccessDecisionBenchmark} does not take its tail from JMH's sample mode: one series of
 * decision timings (every call of five 2-second "iterations" after 10 s of warm-up), read three ways.
 *
 * <ol>
 *   <li>exactly, every call;
 *   <li>the way JMH 1.37's sample-mode stub does: an LCG picks the samples, the mask doubles and
 *       {@link SampleBuffer#half()} runs whenever a stride passes 20 samples per millisecond of the
 *       iteration, with JMH's own {@code SampleBuffer} and its percentiles;
 *   <li>the same picked samples, each weighted by its true sampling interval.
 * </ol>
 *
 * <p>{@code half()} leaves a count of 1 at 1 ("prevent halving to zero"), so the sparse tail buckets
 * KEEP full weight while the bulk is halved again at every stride: (2) overstates p99.9 several-fold
 * while (3) agrees with (1). Run: {@code java -Xmx1g -Xms1g -XX:+AlwaysPreTouch -cp
 * benchmarks/target/courtyard-benchmarks.jar io.courtyard.bench.SampleTimeBias}.
 */
public final class SampleTimeBias {
    private static final int REQUESTS = 1 << 16;
    private static final int ITERATIONS = 5;
    private static final long ITERATION_NANOS = 2_000_000_000L;
    private static final int TARGET_SAMPLES = 2_000 * 20;

    /** Where the decisions go, so that the JIT cannot drop them. */
    private static final Decision[] KEEP = new Decision[1024];

    private SampleTimeBias() {}

    @SuppressForbidden
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("courtyard-sample-bias");
        Database db = AccessBenchData.store(dir);
        long[][] series;
        try {
            AccessEngine engine = new AccessEngine(
                    AccessBenchData.load(db, SiteLayout.of(AccessBenchData.config())), new AccessState());
            series = timeEveryCall(engine, AccessBenchData.requests(REQUESTS, 42));
        } finally {
            db.stop();
            JournalAppendBenchmark.deleteTree(dir);
        }
        long[] all =
                Arrays.stream(series).flatMapToLong(Arrays::stream).sorted().toArray();
        print("every call, exact", all.length, at(all, 0.99), at(all, 0.999), at(all, 0.9999));

        SampleBuffer jmh = new SampleBuffer();
        long[] picked = new long[all.length];
        long[] weight = new long[all.length];
        int n = 0;
        int rnd = (int) System.nanoTime();
        for (long[] iteration : series) {
            SampleBuffer buffer = new SampleBuffer();
            int mask = 0;
            int stride = 0;
            for (long t : iteration) {
                rnd = rnd * 1664525 + 1013904223;
                if ((rnd & mask) == 0) {
                    buffer.add(t);
                    picked[n] = t;
                    weight[n++] = mask + 1L;
                    if (stride++ > TARGET_SAMPLES) {
                        buffer.half();
                        stride = 0;
                        mask = (mask << 1) + 1;
                    }
                }
            }
            jmh.addAll(buffer);
        }
        Statistics s = jmh.getStatistics(1);
        print(
                "JMH's sampler and SampleBuffer",
                s.getN(),
                s.getPercentile(99),
                s.getPercentile(99.9),
                s.getPercentile(99.99));
        double[] q = weighted(Arrays.copyOf(picked, n), Arrays.copyOf(weight, n), 0.99, 0.999, 0.9999);
        print("same samples, true weights", n, q[0], q[1], q[2]);
    }

    private static long[][] timeEveryCall(AccessEngine engine, AccessRequest[] requests) {
        int next = 0;
        long warm = System.nanoTime() + 10 * 1_000_000_000L;
        while (System.nanoTime() < warm) {
            KEEP[next & 1023] = engine.decide(requests[next++ & (REQUESTS - 1)]);
        }
        long[][] series = new long[ITERATIONS][];
        for (int i = 0; i < ITERATIONS; i++) {
            long[] t = new long[4_000_000];
            int k = 0;
            long stop = System.nanoTime() + ITERATION_NANOS;
            while (k < t.length && System.nanoTime() < stop) {
                long start = System.nanoTime();
                KEEP[next & 1023] = engine.decide(requests[next++ & (REQUESTS - 1)]);
                t[k++] = System.nanoTime() - start;
            }
            series[i] = Arrays.copyOf(t, k);
        }
        return series;
    }

    /** Quantiles of values whose weights are given; sorts both arrays together. */
    private static double[] weighted(long[] values, long[] weights, double... quantiles) {
        Integer[] order = new Integer[values.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Long.compare(values[a], values[b]));
        double total = Arrays.stream(weights).sum();
        double[] out = new double[quantiles.length];
        for (int j = 0; j < quantiles.length; j++) {
            double seen = 0;
            for (int i : order) {
                seen += weights[i];
                if (seen >= quantiles[j] * total) {
                    out[j] = values[i];
                    break;
                }
            }
        }
        return out;
    }

    private static double at(long[] sorted, double quantile) {
        return sorted[(int) (sorted.length * quantile)];
    }

    @SuppressForbidden
    private static void print(String how, long n, double p99, double p999, double p9999) {
        System.out.printf(
                Locale.ROOT,
                "%-32s %,10d samples: p99 %6.2f us, p99.9 %6.2f us, p99.99 %6.2f us%n",
                how,
                n,
                p99 / 1e3,
                p999 / 1e3,
                p9999 / 1e3);
    }
}
