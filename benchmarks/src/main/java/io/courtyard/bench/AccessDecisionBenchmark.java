package io.courtyard.bench;

import io.courtyard.access.AccessEngine;
import io.courtyard.access.AccessEvents;
import io.courtyard.access.AccessRequest;
import io.courtyard.access.AccessState;
import io.courtyard.access.Decision;
import io.courtyard.access.SiteLayout;
import io.courtyard.journal.EventDraft;
import io.courtyard.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Access decisions on one thread against the {@link AccessBenchData} list (100,000 credentials,
 * 10,000 passes) loaded from SQLite: {@code decide} is the engine alone (snapshot read, rules,
 * stateful rules for passes and the car park); {@code decideAndRecord} adds the journal event's
 * record, which every real decision also builds before the append is handed off (the journal's
 * writer thread encodes it). Throughput; with {@code -prof gc} JMH adds the bytes allocated per
 * operation: {@code java -jar benchmarks/target/courtyard-benchmarks.jar
 * 'AccessDecisionBenchmark.(decide|decideAndRecord)$' -prof gc}.
 *
 * <p>Latency is {@code decideTimed}: every decision of the measurement iterations is timed and
 * recorded in an HdrHistogram, and each fork prints its percentiles when it ends. JMH's own sample
 * mode is not used for the tail: its {@code SampleBuffer.half()} never halves a bucket holding one
 * sample while it halves all others each time the sampling rate halves (four or five times per
 * iteration here), so rare slow samples gain weight over the bulk and its p99.9 comes out several
 * times too high. {@link SampleTimeBias} shows it on one series of timings.
 *
 * <p>Three forks, because one JVM's JIT decisions move the throughput from fork to fork: report
 * the median. The heap is fixed and touched up front so that no page fault lands in a sample.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@Fork(
        value = 3,
        jvmArgsAppend = {"-Xmx512m", "-Xms512m", "-XX:+AlwaysPreTouch"})
public class AccessDecisionBenchmark {
    private static final int REQUESTS = 1 << 16;
    private static final long LONGEST_NANOS = TimeUnit.SECONDS.toNanos(1);

    private Path dir;
    private Database db;
    private AccessEngine engine;
    private AccessRequest[] requests;
    private int next;
    private final Histogram latency = new Histogram(LONGEST_NANOS, 3);
    private boolean measuring;

    @Setup(Level.Trial)
    public void load() throws Exception {
        dir = Files.createTempDirectory("courtyard-access-bench");
        db = AccessBenchData.store(dir);
        SiteLayout site = SiteLayout.of(AccessBenchData.config());
        engine = new AccessEngine(AccessBenchData.load(db, site), new AccessState());
        requests = AccessBenchData.requests(REQUESTS, 42);
    }

    @Setup(Level.Iteration)
    public void iteration(IterationParams params) {
        measuring = params.getType() == IterationType.MEASUREMENT;
    }

    /**
     * The control: picking the next request and nothing else. Its tail shows what the machine adds
     * to every call (preemption on a shared box, GC, timer), which the other tails include too.
     */
    @Benchmark
    public AccessRequest baseline() {
        return requests[next++ & (REQUESTS - 1)];
    }

    @Benchmark
    public Decision decide() {
        AccessRequest r = requests[next++ & (REQUESTS - 1)];
        return engine.decide(r);
    }

    /** What the deciding thread pays per request: the decision and its journal record (the writer encodes it). */
    @Benchmark
    public EventDraft decideAndRecord() {
        AccessRequest r = requests[next++ & (REQUESTS - 1)];
        return AccessEvents.decided(engine.decide(r), r.at(), r.at());
    }

    /**
     * {@code decide} with every call timed (two clock reads, about 40 ns, are its whole overhead);
     * its throughput is therefore a little below {@code decide}'s and is not the figure to quote.
     */
    @Benchmark
    public Decision decideTimed() {
        AccessRequest r = requests[next++ & (REQUESTS - 1)];
        long start = System.nanoTime();
        Decision d = engine.decide(r);
        long took = System.nanoTime() - start;
        if (measuring) {
            latency.recordValue(Math.min(took, LONGEST_NANOS));
        }
        return d;
    }

    @TearDown(Level.Trial)
    @SuppressForbidden
    public void close() throws Exception {
        if (latency.getTotalCount() > 0) {
            System.out.printf(
                    Locale.ROOT,
                    "%ndecideTimed, every decision of this fork's measurement iterations timed (%,d):"
                            + " p50 %.2f us, p99 %.2f us, p99.9 %.2f us, p99.99 %.2f us, max %.1f us%n",
                    latency.getTotalCount(),
                    micros(latency.getValueAtPercentile(50)),
                    micros(latency.getValueAtPercentile(99)),
                    micros(latency.getValueAtPercentile(99.9)),
                    micros(latency.getValueAtPercentile(99.99)),
                    micros(latency.getMaxValue()));
        }
        db.stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static double micros(long nanos) {
        return nanos / 1_000.0;
    }
}
