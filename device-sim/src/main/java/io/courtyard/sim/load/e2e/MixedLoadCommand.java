package io.courtyard.sim.load.e2e;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code courtyard-sim load}: the whole gateway, end to end, under a mixed device load. */
@Command(
        name = "load",
        mixinStandardHelpOptions = true,
        description = "Drive a real gateway process with a mix of OSDP card reads, camera pushes and monitor"
                + " publishes; check every event reaches the upstream broker; report latencies, CPU and RSS."
                + " Exit 0 when nothing was lost and no duplicate is unexplained, 1 otherwise.")
public final class MixedLoadCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--rate", paramLabel = "N", description = "Device events per second, all sources together.")
    int rate;

    @Option(names = "--flat-out", description = "As fast as the devices' windows allow, in the mix's proportion.")
    boolean flatOut;

    @Option(
            names = "--duration",
            defaultValue = "5m",
            paramLabel = "TIME",
            description = "Measured window, e.g. 30s, 5m. Default: ${DEFAULT-VALUE}.")
    String duration;

    @Option(
            names = "--warm-up",
            defaultValue = "60s",
            paramLabel = "TIME",
            description = "Before measuring, at the same rate. Default: ${DEFAULT-VALUE}.")
    String warmUp;

    @Option(
            names = "--mix",
            defaultValue = "cards=1,pushes=1,monitor=8",
            description = "Weights of card reads, camera pushes, monitor publishes. Default: ${DEFAULT-VALUE}.")
    String mix;

    @Option(
            names = "--outage-at",
            paramLabel = "TIME",
            description = "Stop the upstream broker this far into the window.")
    String outageAt;

    @Option(
            names = "--outage-for",
            defaultValue = "60s",
            paramLabel = "TIME",
            description = "How long the broker stays down. Default: ${DEFAULT-VALUE}.")
    String outageFor;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
    Path json;

    @Option(
            names = "--compare",
            paramLabel = "URL",
            description = "Send every camera push also to this HTTP endpoint (e.g. another product on this machine).")
    URI compare;

    @Option(
            names = "--cost-curve",
            split = ",",
            paramLabel = "RATES",
            description = "Run once per rate (e.g. 1000,5000,10000,20000) and print CPU per 1,000 events/s.")
    List<Integer> costCurve;

    @Option(names = "--buses", defaultValue = "16", description = "OSDP buses. Default: ${DEFAULT-VALUE}.")
    int buses;

    @Option(names = "--readers", defaultValue = "16", description = "Gate readers per bus. Default: ${DEFAULT-VALUE}.")
    int readers;

    @Option(names = "--cameras", defaultValue = "64", description = "Plate cameras. Default: ${DEFAULT-VALUE}.")
    int cameras;

    @Option(names = "--monitors", defaultValue = "200", description = "Elevator monitors. Default: ${DEFAULT-VALUE}.")
    int monitors;

    @Option(
            names = "--monitor-window",
            defaultValue = "16",
            description = "QoS 1 publishes in flight per monitor. Default: ${DEFAULT-VALUE}.")
    int window;

    @Option(
            names = "--residents",
            defaultValue = "10000",
            description = "Residents, one card each (the first 99,999 with a car). Default: ${DEFAULT-VALUE}.")
    int residents;

    @Option(
            names = "--upstream-batch",
            defaultValue = "50",
            description = "The gateway's upstream.mqtt.batchSize. 50 keeps a message of the largest events"
                    + " (~800-byte barrier decisions) under the 64 KiB Paho lets the uplink send; 100 does not"
                    + " (README, end-to-end load). Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(
            names = "--journal-window",
            paramLabel = "DURATION",
            description = "The gateway's journal.batchWindow (e.g. 0ms, 1ms, 5ms). Default: the gateway's own.")
    String journalWindow;

    @Option(
            names = "--journal-quota",
            paramLabel = "SIZE",
            description = "The gateway's journal.quota (e.g. 256MiB): a quota reached in the warm-up measures the"
                    + " journal purging as it appends, a box's steady state once full. Default: the gateway's own"
                    + " (2GiB, reached about five minutes into a run at 20,000/s).")
    String journalQuota;

    @Option(
            names = "--gateway-jvm",
            split = "\\s+",
            paramLabel = "OPTIONS",
            description = "The gateway's JVM options. Default: the systemd unit's (" + GatewayProcess.UNIT_JVM
                    + "). The unit's environment (MALLOC_ARENA_MAX=2) applies either way.")
    List<String> gatewayJvm;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Plan plan;
        try {
            boolean curve = costCurve != null && !costCurve.isEmpty();
            plan = new Plan(
                    curve ? costCurve.get(0) : rate,
                    flatOut,
                    time("--warm-up", warmUp),
                    time("--duration", duration),
                    Mix.parse(mix),
                    Optional.ofNullable(outageAt).map(t -> time("--outage-at", t)),
                    time("--outage-for", outageFor),
                    Optional.ofNullable(compare),
                    buses,
                    readers,
                    cameras,
                    monitors,
                    window,
                    residents,
                    batch,
                    Optional.ofNullable(journalWindow).map(t -> time("--journal-window", t)),
                    Optional.ofNullable(journalQuota),
                    gatewayJvm == null ? GatewayProcess.UNIT_JVM_OPTIONS : jvmOptions(gatewayJvm),
                    Optional.ofNullable(json));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        if (costCurve != null && !costCurve.isEmpty()) {
            if (costCurve.stream().anyMatch(r -> r <= 0)) {
                spec.commandLine().getErr().println("--cost-curve: rates must be > 0, found " + costCurve);
                return 2;
            }
            return costCurve(plan, out);
        }
        MixedLoad load = new MixedLoad(plan);
        MixedResult r = load.run();
        r.lines().forEach(out::println);
        load.keptFiles()
                .ifPresent(d -> out.println("the run's files (gateway.log, load.yaml, state/) are kept in " + d));
        out.flush();
        if (json != null) {
            Files.writeString(json, r.json(), StandardCharsets.UTF_8);
        }
        return r.passed() ? 0 : 1;
    }

    private int costCurve(Plan plan, PrintWriter out) throws Exception {
        List<MixedResult> results = new ArrayList<>();
        for (int r : costCurve) {
            MixedLoad load = new MixedLoad(plan.atRate(r));
            MixedResult res = load.run();
            res.lines().forEach(out::println);
            load.keptFiles().ifPresent(d -> out.println("the run's files are kept in " + d));
            out.flush();
            results.add(res);
        }
        out.println("cost curve (gateway process CPU, % of one core):");
        out.println(String.format(
                Locale.ROOT,
                "%10s %12s %10s %16s %10s %20s %8s",
                "offered/s",
                "completed/s",
                "CPU %",
                "per 1,000/s",
                "JIT %",
                "per 1,000/s w/o JIT",
                "lost"));
        boolean passed = true;
        StringBuilder js = new StringBuilder("[\n");
        for (MixedResult res : results) {
            out.println(String.format(
                    Locale.ROOT,
                    "%10d %12.0f %10.1f %16.2f %10.1f %20.2f %8d",
                    res.plan().rate(),
                    res.eventsPerSecond(),
                    100 * res.gatewayCores(),
                    res.cpuPerThousand(),
                    100 * res.gatewayJitCores(),
                    res.cpuPerThousandWithoutJit(),
                    res.delivery().lost()));
            passed &= res.passed();
            js.append(js.length() > 2 ? ",\n" : "").append(res.json());
        }
        out.flush();
        if (json != null) {
            Files.writeString(json, js.append("\n]\n").toString(), StandardCharsets.UTF_8);
        }
        return passed ? 0 : 1;
    }

    /** {@code 5ms}, {@code 90s}, {@code 5m}, {@code 1h}, or an ISO-8601 duration. */
    static Duration time(String option, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + ": '" + text + "' is not a time such as 5ms, 30s, 5m or 1h");
        }
    }

    /** Options as typed: runs of blanks (two spaces, a leading one) give no empty option that java would take for its main class. */
    static List<String> jvmOptions(List<String> typed) {
        return typed.stream().filter(o -> !o.isBlank()).toList();
    }
}
