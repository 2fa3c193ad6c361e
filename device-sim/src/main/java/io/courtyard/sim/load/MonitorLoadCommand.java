package io.courtyard.sim.load;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code courtyard-sim monitor-load}: many monitors publishing QoS 1 to the device MQTT listener. */
@Command(
        name = "monitor-load",
        mixinStandardHelpOptions = true,
        description = "Monitors publish QoS 1 statuses to the gateway's device MQTT listener as fast as their"
                + " in-flight windows allow; report PUBACKed publishes/s (each PUBACK after its status is durable)"
                + " and publish-to-PUBACK latency.")
public final class MonitorLoadCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--devices", defaultValue = "200", description = "Connected monitors. Default: ${DEFAULT-VALUE}.")
    int devices;

    @Option(
            names = "--window",
            defaultValue = "16",
            description = "QoS 1 publishes each monitor keeps in flight. Default: ${DEFAULT-VALUE}.")
    int window;

    @Option(
            names = "--warm-up-s",
            defaultValue = "10",
            description = "Seconds before measuring. Default: ${DEFAULT-VALUE}.")
    int warmUp;

    @Option(names = "--measure-s", defaultValue = "10", description = "Seconds per window. Default: ${DEFAULT-VALUE}.")
    int measure;

    @Option(
            names = "--runs",
            defaultValue = "5",
            description = "Measuring windows; the median is the result. Default: ${DEFAULT-VALUE}.")
    int runs;

    @Option(
            names = "--gateway-threads",
            defaultValue = "2",
            description = "Gateway event loops besides the listener's own two. Default: ${DEFAULT-VALUE}.")
    int gatewayThreads;

    @Option(
            names = "--client-threads",
            defaultValue = "2",
            description = "Client event loops. Default: ${DEFAULT-VALUE}.")
    int clientThreads;

    @Override
    public Integer call() throws Exception {
        MonitorLoad.Plan plan = new MonitorLoad.Plan(
                devices,
                window,
                Duration.ofSeconds(warmUp),
                Duration.ofSeconds(measure),
                runs,
                gatewayThreads,
                clientThreads);
        String before = MonitorLoad.loadAverage();
        MonitorLoad.Result r = new MonitorLoad(plan).run();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                Locale.ROOT,
                "monitor load: %d devices (half MQTT 5, half 3.1.1), %d QoS 1 in flight each, journal synchronous=full,"
                        + " %d s warm-up, %d x %d s; %d cores; load average before %s%n",
                devices,
                window,
                warmUp,
                runs,
                measure,
                Runtime.getRuntime().availableProcessors(),
                before);
        for (int i = 0; i < r.windows().size(); i++) {
            out.println("  window " + (i + 1) + ": " + line(r.windows().get(i)));
        }
        out.println("median: " + line(r.median()));
        out.printf(
                Locale.ROOT,
                "refused PUBACKs: %d; PUBACKed in all: %d; events durable in the journal: %d (every PUBACK came after"
                        + " its event was)%n",
                r.refused(),
                r.acknowledgedTotal(),
                r.journaled());
        out.flush();
        return r.journaled() >= r.acknowledgedTotal() && r.refused() == 0 ? 0 : 1;
    }

    private static String line(MonitorLoad.Window w) {
        Histogram h = w.latency();
        return String.format(
                Locale.ROOT,
                "%,.0f publishes/s; publish to PUBACK p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms;"
                        + " CPU per publish %.0f us gateway, %.0f us process; load average %s",
                w.perSecond(),
                h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(99) / 1e6,
                h.getValueAtPercentile(99.9) / 1e6,
                h.getMaxValue() / 1e6,
                w.gatewayMicros(),
                w.processMicros(),
                w.loadAverage());
    }
}
