package io.courtyard.journal;

import io.courtyard.bench.JournalAppendBenchmark;
import io.courtyard.config.JournalConfig;
import io.courtyard.config.JournalConfig.Synchronous;
import io.courtyard.store.Database;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One pass of the journal's retention, the one the writer runs every second, over a journal of
 * {@code rows} events that every sink has forwarded and none of which has aged: the steady state
 * of a gateway. {@code pass} is {@link Retention#run(boolean)} as the writer calls it each
 * second; {@code formerAgeQuery} is the age query it ran until 2026-12-03 (the first 5,000 aged
 * forwarded events, anywhere), on the same file in the same run, for the ratio. Nothing is
 * deleted by either.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RetentionPassBenchmark {
    private static final String FORMER_AGE_QUERY = "DELETE FROM events WHERE seq IN (SELECT seq FROM events"
            + " WHERE seq <= ? AND received_us < ? ORDER BY seq LIMIT 5000)";

    @Param({"100000", "1000000"})
    public int rows;

    private Path dir;
    private Database db;
    private Journal journal;
    private Connection conn;
    private Retention retention;
    private PreparedStatement former;
    private long cutoff;

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = Files.createTempDirectory("courtyard-bench");
        JournalConfig config =
                new JournalConfig(Synchronous.NORMAL, 2000, Duration.ofMillis(5), 8L << 30, Duration.ofDays(90));
        db = new Database(dir, Synchronous.NORMAL);
        db.start();
        journal = new Journal(db, "bench", config, new SimpleMeterRegistry());
        EventSource sink = journal.source("bench-sink");
        journal.start();
        Instant now = Instant.now();
        long through = 0;
        for (int done = 0; done < rows; ) {
            // In bursts the journal's queue holds (200,000 waiting appends at most).
            CompletableFuture<JournalEvent> last = null;
            for (int end = Math.min(rows, done + 100_000); done < end; done++) {
                last = journal.append(EventDraft.at("gate-" + (done & 7), now, JournalAppendBenchmark.GRANT));
            }
            through = last.get(120, TimeUnit.SECONDS).seq();
        }
        sink.ack(LongStream.rangeClosed(1, through).toArray());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (journal.forwardedThrough() < through) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("acks not applied: " + journal.forwardedThrough() + " of " + through);
            }
            Thread.sleep(10);
        }
        conn = db.connect();
        retention = new Retention(journal, conn, config);
        former = conn.prepareStatement(FORMER_AGE_QUERY);
        cutoff = Rows.micros(now.minus(config.retention()));
    }

    @Benchmark
    public Retention.Outcome pass() throws Exception {
        Retention.Outcome o = retention.run(true); // the second's pass, aging included
        if (o.aged() != 0) {
            throw new IllegalStateException("the pass deleted " + o.aged() + " events; none has aged");
        }
        return o;
    }

    @Benchmark
    public int formerAgeQuery() throws Exception {
        former.setLong(1, journal.forwardedThrough());
        former.setLong(2, cutoff);
        int n = former.executeUpdate();
        if (n != 0) {
            throw new IllegalStateException("the former query deleted " + n + " events; none has aged");
        }
        return n;
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        former.close();
        conn.close();
        journal.stop();
        db.stop();
        JournalAppendBenchmark.deleteTree(dir);
    }
}
