package io.courtyard.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Projection throughput: 200,000 journaled events (75 % rides, 15 % decisions, 10 % device faults
 * raised and cleared) projected by the real usage and fault projections, each on its own cursor and
 * thread, reading from SQLite and committing per batch with their cursor, from append-complete to
 * both caught up. Target ≥ 50,000 events/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(1)
public class ProjectionBenchmark {
    static final int EVENTS = 200_000;

    private UpkeepData data;

    @Setup(Level.Invocation)
    public void journal() throws Exception {
        data = new UpkeepData(Path.of(System.getProperty("courtyard.config", "config/demo.yaml")));
        data.mixed(EVENTS);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public double project() throws Exception {
        return data.project();
    }

    @TearDown(Level.Invocation)
    public void close() throws Exception {
        data.close();
    }
}
