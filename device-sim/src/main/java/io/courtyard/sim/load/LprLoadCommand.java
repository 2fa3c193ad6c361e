package io.courtyard.sim.load;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code courtyard-sim lpr-load}: the gateway's camera listener, engine and journal against many
 * emulated Vzenith cameras over keep-alive connections; pushes/s and push-to-answer percentiles.
 */
@Command(
        name = "lpr-load",
        mixinStandardHelpOptions = true,
        description = "Push plate reads from many emulated cameras into the real gateway (journal synchronous: full);"
                + " report sustained pushes/s and push-to-answer latency at a fixed rate.")
public final class LprLoadCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--cameras",
            defaultValue = "64",
            description = "Cameras, one keep-alive connection each. Default: ${DEFAULT-VALUE}.")
    int cameras;

    @Option(
            names = "--warm-up-s",
            defaultValue = "10",
            description = "Seconds of full load before measuring. Default: ${DEFAULT-VALUE}.")
    int warmUp;

    @Option(
            names = "--throughput-s",
            defaultValue = "20",
            description = "Seconds of the closed-loop (as fast as answered) window. Default: ${DEFAULT-VALUE}.")
    int throughput;

    @Option(
            names = "--rate",
            defaultValue = "1000",
            description = "Pushes/s offered in the latency window. Default: ${DEFAULT-VALUE}.")
    int rate;

    @Option(
            names = "--latency-s",
            defaultValue = "30",
            description = "Seconds of the fixed-rate latency window. Default: ${DEFAULT-VALUE}.")
    int latency;

    @Option(
            names = "--permits",
            defaultValue = "5000",
            description = "Residents' plates in the list. Default: ${DEFAULT-VALUE}.")
    int permits;

    @Option(
            names = "--runs",
            defaultValue = "3",
            description = "Runs, each on a fresh gateway; the median is reported. Default: ${DEFAULT-VALUE}.")
    int runs;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        LprLoad.Plan plan = new LprLoad.Plan(
                cameras,
                Duration.ofSeconds(warmUp),
                Duration.ofSeconds(throughput),
                rate,
                Duration.ofSeconds(latency),
                permits);
        List<LprLoad.Result> results = new ArrayList<>();
        out.printf(
                Locale.ROOT,
                "lpr-load: %d cameras (keep-alive connections, one push at a time each), journal synchronous=full,"
                        + " gateway and cameras in one JVM on %d cores%n",
                cameras,
                Runtime.getRuntime().availableProcessors());
        for (int i = 1; i <= runs; i++) {
            String before = LoadAverage.now();
            LprLoad.Result r = new LprLoad(plan).run();
            results.add(r);
            out.printf(
                    Locale.ROOT,
                    "run %d (load average %s -> %s): %,.0f pushes/s answered ok (%d errors); CPU per push: gateway"
                            + " %.0f us, cameras %.0f us, whole process %.0f us; at %d/s: p50 %.2f ms p99 %.2f ms"
                            + " p99.9 %.2f ms max %.2f ms (%d pushes)%n",
                    i,
                    before,
                    LoadAverage.now(),
                    r.pushesPerSecond(),
                    r.errors(),
                    r.gatewayCpuMicros(),
                    r.camerasCpuMicros(),
                    r.processCpuMicros(),
                    r.offeredRate(),
                    ms(r.latency().getValueAtPercentile(50)),
                    ms(r.latency().getValueAtPercentile(99)),
                    ms(r.latency().getValueAtPercentile(99.9)),
                    ms(r.latency().getMaxValue()),
                    r.latency().getTotalCount());
            out.printf(Locale.ROOT, "  %s%n", r.journal());
            out.flush();
        }
        results.sort((a, b) -> Double.compare(a.pushesPerSecond(), b.pushesPerSecond()));
        double tput = results.get(results.size() / 2).pushesPerSecond();
        results.sort((a, b) ->
                Long.compare(a.latency().getValueAtPercentile(99), b.latency().getValueAtPercentile(99)));
        LprLoad.Result mid = results.get(results.size() / 2);
        out.printf(
                Locale.ROOT,
                "median of %d runs: %,.0f pushes/s; at %d/s p50 %.2f ms p99 %.2f ms p99.9 %.2f ms (targets: >= 10,000"
                        + " pushes/s; p99 < 5 ms at 1,000/s)%n",
                results.size(),
                tput,
                mid.offeredRate(),
                ms(mid.latency().getValueAtPercentile(50)),
                ms(mid.latency().getValueAtPercentile(99)),
                ms(mid.latency().getValueAtPercentile(99.9)));
        out.flush();
        return 0;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
