package io.courtyard.sim.load;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code courtyard-sim osdp-load}: the bus poller against many emulated PDs; prints CPU and timing. */
@Command(
        name = "osdp-load",
        mixinStandardHelpOptions = true,
        description = "Poll many emulated OSDP PDs with the gateway's bus poller; report CPU and poll timing.")
public final class OsdpLoadCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--buses", defaultValue = "16", description = "Serial servers (buses). Default: ${DEFAULT-VALUE}.")
    int buses;

    @Option(names = "--devices", defaultValue = "16", description = "PDs per bus. Default: ${DEFAULT-VALUE}.")
    int devices;

    @Option(names = "--poll-ms", defaultValue = "50", description = "Poll interval. Default: ${DEFAULT-VALUE}.")
    int pollMs;

    @Option(names = "--secure", description = "Secure Channel on every PD.")
    boolean secure;

    @Option(
            names = "--gateway-threads",
            defaultValue = "2",
            description = "Gateway event loops, as the gateway sizes them on 2 cores. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(
            names = "--warm-up-s",
            defaultValue = "10",
            description = "Seconds before measuring. Default: ${DEFAULT-VALUE}.")
    int warmUp;

    @Option(names = "--seconds", defaultValue = "30", description = "Seconds measured. Default: ${DEFAULT-VALUE}.")
    int seconds;

    @Option(
            names = "--cards-per-second",
            defaultValue = "0",
            description = "Cards presented on random PDs while measuring; each answered with an OUT pulse.")
    int cards;

    @Override
    public Integer call() throws Exception {
        OsdpLoad.Plan plan = new OsdpLoad.Plan(
                buses,
                devices,
                Duration.ofMillis(pollMs),
                secure,
                threads,
                Duration.ofSeconds(warmUp),
                Duration.ofSeconds(seconds),
                cards);
        LoadReport report = new OsdpLoad(plan).run();
        PrintWriter out = spec.commandLine().getOut();
        report.lines().forEach(out::println);
        out.flush();
        return 0;
    }
}
