package io.courtyard.bench;

import io.courtyard.config.JournalConfig;
import io.courtyard.config.JournalConfig.Synchronous;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.Journal;
import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.event.AccessDecided;
import io.courtyard.store.Database;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable appends per second through the real journal on a real SQLite file: each operation is
 * one event whose future reports it durable (group commit, fsync per batch under FULL). The
 * producer hands over records; the writer thread encodes their bodies, inside the measurement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class JournalAppendBenchmark {
    static final int BURST = 10_000;

    @Param({"FULL", "NORMAL"})
    public Synchronous synchronous;

    private Path dir;
    private Database db;
    private Journal journal;
    /** About 150 bytes once encoded, as a gate's grant: the writer encodes it, as it does every record. */
    public static final AccessDecided GRANT = new AccessDecided(
            AccessDecided.Decision.GRANT,
            "granted",
            null,
            "card",
            "card:h10301/****67",
            null,
            null,
            null,
            null,
            "3-1-702",
            null,
            1,
            AccessDecided.Actuation.pulse(3000),
            null);

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = Files.createTempDirectory("courtyard-bench");
        db = new Database(dir, synchronous);
        db.start();
        journal = new Journal(
                db,
                "bench",
                new JournalConfig(synchronous, 2000, Duration.ofMillis(5), 8L << 30, Duration.ofDays(90)),
                new SimpleMeterRegistry());
        journal.start();
    }

    /** A burst of appends from one producer, then wait for the last one to be durable. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public JournalEvent durableAppends() throws Exception {
        Instant now = Instant.now();
        CompletableFuture<JournalEvent> last = null;
        for (int i = 0; i < BURST; i++) {
            last = journal.append(EventDraft.at("gate-" + (i & 7), now, GRANT));
        }
        return last.get(30, TimeUnit.SECONDS);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        journal.stop();
        db.stop();
        deleteTree(dir);
    }

    /** Removes a benchmark's scratch directory and everything in it. */
    public static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
