package io.courtyard.sim.load.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** The figures and checks of one mixed load run, as a table for the console and as JSON. */
public record MixedResult(
        Plan plan,
        String loadBefore,
        String loadAfter,
        Duration window,
        DeviceCounters counters,
        long behind,
        List<Percentiles> latencies,
        double gatewayCores,
        double gatewayJitCores,
        List<ProcSampler.ThreadShare> gatewayThreads,
        double simCores,
        long maxRssBytes,
        double diskWriteBytesPerSecond,
        Delivery delivery,
        Outage.Result outage,
        int gatewayExit,
        MixedLoad.JournalCommits commits,
        String compareLastFailure,
        String pushLastFailure) {

    private static final String[] SOURCES = {"cards (card → OUT)", "pushes", "monitor publishes", "compare pushes"};

    /**
     * One latency's percentiles over the measured window, in milliseconds; with the warm-up's p99
     * and the p99 of each minute of the window.
     */
    public record Percentiles(
            String name,
            long count,
            double p50,
            double p99,
            double p999,
            double max,
            double warmUpP99,
            List<Double> p99ByMinute) {
        static Percentiles of(Latency l) {
            Histogram h = l.histogram();
            return new Percentiles(
                    l.name(),
                    h.getTotalCount(),
                    h.getValueAtPercentile(50) / 1e6,
                    h.getValueAtPercentile(99) / 1e6,
                    h.getValueAtPercentile(99.9) / 1e6,
                    h.getMaxValue() / 1e6,
                    l.warmUpP99(),
                    l.segmentP99s());
        }

        /** "warm-up 41.2 | 2.1 2.4 2.2": where in the run the tail was. */
        String p99Story() {
            StringBuilder b = new StringBuilder(
                    Double.isNaN(warmUpP99)
                            ? "warm-up none |"
                            : String.format(Locale.ROOT, "warm-up %.1f |", warmUpP99));
            p99ByMinute.forEach(v -> b.append(String.format(Locale.ROOT, " %.1f", v)));
            return b.toString();
        }
    }

    /** Device events the gateway completed per second in the measured window (the three sources). */
    public double eventsPerSecond() {
        return counters.gatewayCompleted() / seconds();
    }

    private double seconds() {
        return window.toNanos() / 1e9;
    }

    /** Gateway CPU, in % of one core, per 1,000 device events/s. */
    public double cpuPerThousand() {
        double rate = eventsPerSecond();
        return rate <= 0 ? Double.NaN : 100 * gatewayCores / (rate / 1000);
    }

    /** {@link #cpuPerThousand()} without the JIT compiler threads: what a gateway past its warm-up pays. */
    public double cpuPerThousandWithoutJit() {
        double rate = eventsPerSecond();
        return rate <= 0 ? Double.NaN : 100 * (gatewayCores - gatewayJitCores) / (rate / 1000);
    }

    /**
     * Where the gateway's CPU went, by thread group, in % of one core: the largest ten, the rest
     * summed. Event loops, the journal writer and the uplink are each one thread (or a pool of
     * them) with a name, so this says which part of the gateway a change made cheaper.
     */
    String threadsLine() {
        StringBuilder b = new StringBuilder("gateway threads, % of one core:");
        double rest = 0;
        for (int i = 0; i < gatewayThreads.size(); i++) {
            ProcSampler.ThreadShare t = gatewayThreads.get(i);
            if (i < 10) {
                b.append(String.format(Locale.ROOT, "%s %s %.1f", i == 0 ? "" : ",", t.group(), 100 * t.cores()));
            } else {
                rest += t.cores();
            }
        }
        if (rest > 0) {
            b.append(String.format(Locale.ROOT, ", other %.1f", 100 * rest));
        }
        return b.toString();
    }

    public boolean passed() {
        long deviceFailures = counters.failed()[0] + counters.failed()[1] + counters.failed()[2];
        boolean outageOk = outage == null || (outage.error().isEmpty() && !Double.isNaN(outage.drainSeconds()));
        return delivery.passed() && outageOk && gatewayExit == 0 && deviceFailures == 0;
    }

    public List<String> lines() {
        List<String> out = new ArrayList<>();
        line(
                out,
                "mixed load: %s for %d s (warm-up %d s), mix %s; %d readers on %d buses, %d cameras, %d monitors"
                        + " (window %d); upstream batch %d; load average %s → %s (2 cores shared: figures are noisy)",
                plan.rateLabel(),
                window.toSeconds(),
                plan.warmUp().toSeconds(),
                plan.mix(),
                plan.buses() * plan.pdsPerBus(),
                plan.buses(),
                plan.cameras(),
                plan.monitors(),
                plan.monitorWindow(),
                plan.upstreamBatch(),
                loadBefore,
                loadAfter);
        out.add(String.format(
                Locale.ROOT, "%-20s %10s %10s %8s %10s", "source", "offered", "completed", "failed", "per second"));
        for (int i = 0; i < (plan.compare().isPresent() ? 4 : 3); i++) {
            out.add(String.format(
                    Locale.ROOT,
                    "%-20s %10d %10d %8d %10.0f",
                    SOURCES[i],
                    counters.offered()[i],
                    counters.completed()[i],
                    counters.failed()[i],
                    counters.completed()[i] / seconds()));
        }
        line(
                out,
                "device events completed: %.0f/s%s",
                eventsPerSecond(),
                behind > 0 ? String.format(Locale.ROOT, " (%d planned events not offered: devices busy)", behind) : "");
        out.add(String.format(
                Locale.ROOT, "%-20s %9s %9s %9s %9s %9s", "latency (ms)", "n", "p50", "p99", "p99.9", "max"));
        for (Percentiles p : latencies) {
            out.add(String.format(
                    Locale.ROOT,
                    "%-20s %9d %9.2f %9.2f %9.2f %9.2f",
                    p.name(),
                    p.count(),
                    p.p50(),
                    p.p99(),
                    p.p999(),
                    p.max()));
        }
        for (Percentiles p : latencies) {
            line(out, "  p99 (ms) of %s in the warm-up | each minute of the window: %s", p.name(), p.p99Story());
        }
        line(
                out,
                "gateway process: CPU %.1f%% of one core (%.2f%% per 1,000 events/s), of it JIT compiler threads"
                        + " %.1f%% (without them %.2f%% per 1,000 events/s), max RSS %.0f MB;"
                        + " simulator + subscriber process %.1f%%",
                100 * gatewayCores,
                cpuPerThousand(),
                100 * gatewayJitCores,
                cpuPerThousandWithoutJit(),
                maxRssBytes / 1e6,
                100 * simCores);
        out.add(threadsLine());
        line(
                out,
                "journal: writer %s; %.0f group commits (warm-up included), %.1f events each, insert + fsync mean"
                        + " %.1f ms, longest %.0f ms (the gateway's own timer, recent maximum); the gateway wrote %s to"
                        + " storage",
                commits.writerRealtime()
                        ? "under SCHED_FIFO, as the unit runs it"
                        : "NOT under SCHED_FIFO as the unit runs it (refused: see the gateway's log)",
                commits.commits(),
                commits.eventsPerCommit(),
                commits.meanMs(),
                commits.maxMs(),
                diskWriteBytesPerSecond < 0
                        ? "(unknown: no /proc/<pid>/io)"
                        : String.format(
                                Locale.ROOT,
                                "%.1f MB/s (%.0f bytes per device event)",
                                diskWriteBytesPerSecond / 1e6,
                                diskWriteBytesPerSecond / eventsPerSecond()));
        Delivery d = delivery;
        line(
                out,
                "upstream: journal seq 1..%d holds %d events, %d arrived, %d NOT DELIVERED%s; %d gaps made by the gateway"
                        + " (purges); %d received in all, duplicates %d explained (resent after a reconnect), %d"
                        + " UNEXPLAINED%s",
                d.finalSeq(),
                d.journaled(),
                d.arrived(),
                d.lost(),
                d.lost() > 0
                        ? " (lost, or still unsent in the gateway's journal; seqs " + String.join(", ", d.lostSample())
                                + "…)"
                        : "",
                d.journalGaps(),
                d.received(),
                d.explainedDuplicates(),
                d.unexplainedDuplicates(),
                d.unexplainedSample().isEmpty() ? "" : " " + d.unexplainedSample());
        line(
                out,
                "  by source upstream: %d gate decisions, %d barrier decisions, %d monitor statuses;"
                        + " malformed messages %d%s%s",
                d.gateDecisions(),
                d.barrierDecisions(),
                d.monitorStatuses(),
                d.malformed(),
                d.malformed() > 0 ? " (" + d.lastMalformed() + ")" : "",
                d.caughtUp() ? "" : "; the subscriber had NOT caught up with the journal when the run ended");
        if (outage != null) {
            line(
                    out,
                    "outage: broker stopped at seq %d for %d s; backlog at restart %d events; the gateway"
                            + " reconnected %.1f s after the restart (its backoff) and drained the backlog in %.1f s:"
                            + " %.0f events/s (live events kept coming meanwhile)%s",
                    outage.stoppedAtSeq(),
                    plan.outageFor().toSeconds(),
                    outage.backlogAtRestart(),
                    outage.reconnectSeconds(),
                    outage.drainSeconds(),
                    outage.drainRate(),
                    outage.error().isEmpty() ? "" : "; " + outage.error());
        }
        if (counters.failed()[1] > 0) {
            line(out, "last failed push: %s", pushLastFailure);
        }
        if (plan.compare().isPresent() && counters.failed()[3] > 0) {
            line(out, "last failed compare push: %s", compareLastFailure);
        }
        line(out, "gateway exit %d; %s", gatewayExit, passed() ? "PASS" : "FAIL");
        return out;
    }

    private static void line(List<String> out, String format, Object... args) {
        out.add(String.format(Locale.ROOT, format, args));
    }

    public String json() {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode o = m.createObjectNode();
        o.put("rate", plan.flatOut() ? "flat-out" : Integer.toString(plan.rate()));
        o.put("mix", plan.mix().toString());
        o.put("seconds", seconds());
        o.put("warmUpSeconds", plan.warmUp().toSeconds());
        o.put("loadAverageBefore", loadBefore);
        o.put("loadAverageAfter", loadAfter);
        o.put("eventsPerSecond", eventsPerSecond());
        o.put("notOffered", behind);
        ArrayNode sources = o.putArray("sources");
        for (int i = 0; i < (plan.compare().isPresent() ? 4 : 3); i++) {
            sources.addObject()
                    .put("source", SOURCES[i])
                    .put("offered", counters.offered()[i])
                    .put("completed", counters.completed()[i])
                    .put("failed", counters.failed()[i]);
        }
        ObjectNode lat = o.putObject("latencyMs");
        for (Percentiles p : latencies) {
            lat.putObject(p.name())
                    .put("n", p.count())
                    .put("p50", p.p50())
                    .put("p99", p.p99())
                    .put("p999", p.p999())
                    .put("max", p.max())
                    .put("p99WarmUp", p.warmUpP99())
                    .set("p99ByMinute", m.valueToTree(p.p99ByMinute()));
        }
        ObjectNode gateway = o.putObject("gateway");
        gateway.put("cpuCores", gatewayCores)
                .put("cpuPercentPer1000EventsPerSecond", cpuPerThousand())
                .put("jitCpuCores", gatewayJitCores)
                .put("cpuPercentPer1000EventsPerSecondWithoutJit", cpuPerThousandWithoutJit())
                .put("maxRssBytes", maxRssBytes)
                .put("exit", gatewayExit);
        ObjectNode threads = gateway.putObject("threadCpuCores");
        gatewayThreads.forEach(t -> threads.put(t.group(), t.cores()));
        o.put("simulatorCpuCores", simCores);
        o.putObject("journal")
                .put("commits", commits.commits())
                .put("eventsPerCommit", commits.eventsPerCommit())
                .put("commitMeanMs", commits.meanMs())
                .put("commitMaxMs", commits.maxMs())
                .put("writerRealtime", commits.writerRealtime())
                .put("diskWriteBytesPerSecond", diskWriteBytesPerSecond);
        Delivery d = delivery;
        o.putObject("upstream")
                .put("finalSeq", d.finalSeq())
                .put("journaled", d.journaled())
                .put("arrived", d.arrived())
                .put("lost", d.lost())
                .put("journalGaps", d.journalGaps())
                .put("received", d.received())
                .put("explainedDuplicates", d.explainedDuplicates())
                .put("unexplainedDuplicates", d.unexplainedDuplicates())
                .put("caughtUp", d.caughtUp())
                .put("gateDecisions", d.gateDecisions())
                .put("barrierDecisions", d.barrierDecisions())
                .put("monitorStatuses", d.monitorStatuses())
                .put("malformed", d.malformed());
        if (outage != null) {
            o.putObject("outage")
                    .put("seconds", plan.outageFor().toSeconds())
                    .put("backlogAtRestart", outage.backlogAtRestart())
                    .put("reconnectSeconds", outage.reconnectSeconds())
                    .put("drainSeconds", outage.drainSeconds())
                    .put("drainEventsPerSecond", outage.drainRate())
                    .put("error", outage.error());
        }
        o.put("passed", passed());
        try {
            return m.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
