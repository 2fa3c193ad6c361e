package io.courtyard.bench;

import io.courtyard.billing.Bills;
import io.courtyard.faults.FaultQueries;
import io.courtyard.journal.event.BillIssued;
import io.courtyard.usage.UsageQueries;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.YearMonth;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What committees and crews wait for, on a state database built through the real journal and
 * projections: a month's usage report plus the elevator's bill over 1,000,000 rides (target < 200
 * ms), a fault query over 100,000 faults (target < 50 ms). The projections' catch-up rate over
 * those 1.2 million events is printed during setup (target ≥ 50,000 events/s).
 * Run from the repository root (it reads {@code config/demo.yaml}, or {@code -Dcourtyard.config=FILE}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class UpkeepBenchmark {
    static final YearMonth OCTOBER = YearMonth.of(2026, 10);

    private UpkeepData data;
    private Connection conn;
    private Bills bills;

    @Setup(Level.Trial)
    public void build() throws Exception {
        // Built once (about a minute) into target/, then reused by the forks of the other benchmarks.
        Path dir = Path.of(System.getProperty("courtyard.upkeep.dir", "benchmarks/target/upkeep-db"));
        boolean built = java.nio.file.Files.exists(dir.resolve("ready"));
        data = new UpkeepData(Path.of(System.getProperty("courtyard.config", "config/demo.yaml")), dir, true);
        if (!built) {
            data.rides(1_000_000);
            data.faults(100_000);
            data.project();
            java.nio.file.Files.writeString(dir.resolve("ready"), "1000000 rides, 100000 faults\n");
        }
        conn = data.db.connect();
        bills = new Bills(data.config);
    }

    /** The month report (rides per household, hour, day, floor) and the bill, as {@code courtyard bill} makes them. */
    @Benchmark
    public BillIssued monthReportAndBill() throws Exception {
        UsageQueries.ElevatorMonth m = UsageQueries.elevatorMonth(
                conn, data.config.site().id(), data.config.site().timeZone(), OCTOBER, "elevator-1-1");
        if (m.rides() != 1_000_000) {
            throw new IllegalStateException("expected 1000000 rides, found " + m.rides());
        }
        return bills.statement(conn, OCTOBER, "elevator-1-1");
    }

    /** A crew's query: one device's faults in October, first page of 50, newest first. */
    @Benchmark
    public FaultQueries.Page faultsOfOneDevice() throws Exception {
        return FaultQueries.list(
                conn,
                new FaultQueries.Filter(
                        "pd-17",
                        "device-offline",
                        null,
                        null,
                        Instant.parse("2026-10-01T00:00:00Z"),
                        Instant.parse("2026-11-01T00:00:00Z"),
                        false),
                0,
                50);
    }

    /** The month's figures over all 100,000 faults: counts, MTTA, MTTR. */
    @Benchmark
    public FaultQueries.Stats faultStatsOfTheMonth() throws Exception {
        return FaultQueries.stats(conn, Instant.parse("2026-09-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"));
    }

    /** Every fault, newest first, a page deep in the list (page 100 of 50). */
    @Benchmark
    public FaultQueries.Page faultsPage100() throws Exception {
        return FaultQueries.list(conn, FaultQueries.Filter.ALL, 100, 50);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        conn.close();
        data.close();
    }
}
