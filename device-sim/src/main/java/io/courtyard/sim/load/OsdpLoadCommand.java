package io.courtyard.sim.load;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code courtyard-sim osdp-load}: the gateway's poller, engine and gate drivers against many emulated readers. */
@Command(
        name = "osdp-load",
        mixinStandardHelpOptions = true,
        description = "Poll many emulated OSDP gate readers with the gateway's bus poller, engine and drivers;"
                + " report CPU while idle-polling and card-to-OUT latency.")
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
            description =
                    "Seconds before measuring: PDs come online, cards warm the JIT up. Default: ${DEFAULT-VALUE}.")
    int warmUp;

    @Option(
            names = "--idle-s",
            defaultValue = "20",
            description = "Seconds of polling alone, for the poller's CPU. Default: ${DEFAULT-VALUE}.")
    int idle;

    @Option(
            names = "--cards-s",
            defaultValue = "30",
            description = "Seconds of cards, for card-to-OUT latency. Default: ${DEFAULT-VALUE}.")
    int cardSeconds;

    @Option(
            names = "--cards-per-second",
            defaultValue = "50",
            description = "Cards presented on random PDs (warm-up and card window). Default: ${DEFAULT-VALUE}.")
    int cards;

    @Option(
            names = "--residents",
            defaultValue = "10000",
            description = "Residents in the access list, one card each. Default: ${DEFAULT-VALUE}.")
    int residents;

    @Option(
            names = "--strangers",
            defaultValue = "0.1",
            description = "Share of cards in no list (denied, no OUT). Default: ${DEFAULT-VALUE}.")
    double strangers;

    @Option(
            names = "--flood",
            defaultValue = "0",
            description = "After the card window, the same window again while this many hostile connections"
                    + " flood the camera port (e.g. 1000); 0: none. Default: ${DEFAULT-VALUE}.")
    int flood;

    @Override
    public Integer call() throws Exception {
        OsdpLoad.Plan plan = new OsdpLoad.Plan(
                buses,
                devices,
                Duration.ofMillis(pollMs),
                secure,
                threads,
                Duration.ofSeconds(warmUp),
                Duration.ofSeconds(idle),
                Duration.ofSeconds(cardSeconds),
                cards,
                residents,
                strangers,
                flood);
        LoadReport report = new OsdpLoad(plan).run();
        PrintWriter out = spec.commandLine().getOut();
        report.lines().forEach(out::println);
        out.flush();
        return 0;
    }
}
