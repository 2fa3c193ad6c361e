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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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

/**
 * Access decisions on one thread against the {@link AccessBenchData} list (100,000 credentials,
 * 10,000 passes) loaded from SQLite: {@code decide} is the engine alone (snapshot read, rules,
 * stateful rules for passes and the car park); {@code decideAndRecord} adds the journal event's
 * record, which every real decision also builds before the append is handed off (the journal's
 * writer thread encodes it). Both modes run, throughput and latency percentiles; with {@code
 * -prof gc} JMH adds the bytes allocated per operation:
 * {@code java -jar benchmarks/target/courtyard-benchmarks.jar 'AccessDecisionBenchmark.(decide|decideAndRecord)$' -prof gc}.
 *
 * <p>Three forks, because one JVM's JIT decisions move the throughput by half from fork to fork:
 * report the median. The heap is fixed and touched up front so that no page fault lands in a
 * sample. On a shared machine the tail (p99.9) is preemption by other processes, not GC and not
 * the engine (a run with Epsilon, no GC at all, has the same tail); {@code chrt -r 10} in front of
 * the command takes the other processes' preemption out.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@Fork(
        value = 3,
        jvmArgsAppend = {"-Xmx512m", "-Xms512m", "-XX:+AlwaysPreTouch"})
public class AccessDecisionBenchmark {
    private static final int REQUESTS = 1 << 16;

    private Path dir;
    private Database db;
    private AccessEngine engine;
    private AccessRequest[] requests;
    private int next;

    @Setup(Level.Trial)
    public void load() throws Exception {
        dir = Files.createTempDirectory("courtyard-access-bench");
        db = AccessBenchData.store(dir);
        SiteLayout site = SiteLayout.of(AccessBenchData.config());
        engine = new AccessEngine(AccessBenchData.load(db, site), new AccessState());
        requests = AccessBenchData.requests(REQUESTS, 42);
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

    @TearDown(Level.Trial)
    public void close() throws Exception {
        db.stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
