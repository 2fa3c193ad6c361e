package io.courtyard.sim.load;

import io.courtyard.access.AccessMetrics;
import io.courtyard.device.drivers.DriverMetrics;
import io.courtyard.device.osdp.bus.BusMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** The figures of one OSDP load run, as text for the console and the README. */
final class LoadReport {
    private final List<String> lines = new ArrayList<>();

    LoadReport(
            OsdpLoad.Plan plan,
            int online,
            int expected,
            OsdpLoad.Phase idle,
            OsdpLoad.Phase cards,
            int presented,
            long[] cardToOut,
            MeterRegistry registry) {
        line(
                "OSDP load: %d buses x %d PDs (each a gate), poll every %d ms, %s, gateway event loops: %d, %d residents",
                plan.buses(),
                plan.devices(),
                plan.pollInterval().toMillis(),
                plan.secure() ? "Secure Channel" : "clear",
                plan.gatewayThreads(),
                plan.residents());
        line("PDs online: %d of %d", online, expected);
        phase("idle", idle);
        timers(registry, BusMetrics.POLL_CYCLE, "poll cycle (same PD, poll to poll)");
        timers(registry, BusMetrics.REPLY_TIME, "reply time (command written to reply decoded)");
        phase("cards", cards);
        line(
                "cards: %d presented at %d/s (%.0f%% strangers); decisions over the run (warm-up included) %.0f granted,"
                        + " %.0f denied; OUTs measured %d",
                presented,
                plan.cardsPerSecond(),
                100 * plan.strangerShare(),
                count(registry, AccessMetrics.DECISIONS, "grant"),
                count(registry, AccessMetrics.DECISIONS, "deny"),
                cardToOut.length);
        if (cardToOut.length > 0) {
            line(
                    "card to OUT written, real drivers and engine (exact): p50 %.3f ms p99 %.3f ms p99.9 %.3f ms max %.3f ms",
                    ms(at(cardToOut, 0.5)),
                    ms(at(cardToOut, 0.99)),
                    ms(at(cardToOut, 0.999)),
                    ms(cardToOut[cardToOut.length - 1]));
        }
        Timer t = registry.find(DriverMetrics.GATE_CARD_TO_OUT).timer();
        if (t != null) {
            line(
                    "  the drivers' own timer %s (warm-up included): n=%d p50 %.3f ms p99 %.3f ms",
                    DriverMetrics.GATE_CARD_TO_OUT, t.count(), percentile(t, 0.5), percentile(t, 0.99));
        }
    }

    /** The flooded card window against the quiet one: the latency ratio is the figure. */
    void flooded(
            int connections,
            OsdpLoad.Phase p,
            long[] quiet,
            long[] flooded,
            String flood,
            MeterRegistry registry,
            String load) {
        phase("flooded cards", p);
        line("%s", flood);
        line(
                "camera listener: %.0f connections accepted, %.0f refused at accept (limits: %s), accepting paused"
                        + " %.0f times at the limit, %.0f cut (timeouts, errors), %.0f messages refused; open at the"
                        + " end %.0f",
                sum(registry, "courtyard_listener_connections_accepted"),
                sum(registry, "courtyard_listener_connections_refused"),
                byReason(registry, "courtyard_listener_connections_refused"),
                sum(registry, "courtyard_listener_accept_paused"),
                sum(registry, "courtyard_listener_connections_cut"),
                sum(registry, "courtyard_listener_messages_refused"),
                sum(registry, "courtyard_listener_connections_open"));
        if (quiet.length == 0 || flooded.length == 0) {
            line("card to OUT under a flood of %d connections: no OUT measured", connections);
            return;
        }
        line(
                "card to OUT under a flood of %d connections: p50 %.3f ms p99 %.3f ms p99.9 %.3f ms (%d OUTs);"
                        + " ratio flooded/quiet p50 %.2f, p99 %.2f; load average %s",
                connections,
                ms(at(flooded, 0.5)),
                ms(at(flooded, 0.99)),
                ms(at(flooded, 0.999)),
                flooded.length,
                (double) at(flooded, 0.5) / at(quiet, 0.5),
                (double) at(flooded, 0.99) / at(quiet, 0.99),
                load);
    }

    private static String byReason(MeterRegistry registry, String name) {
        java.util.Map<String, Double> counts = new java.util.TreeMap<>();
        for (var c : registry.find(name).counters()) {
            counts.merge(String.valueOf(c.getId().getTag("reason")), c.count(), Double::sum);
        }
        return counts.isEmpty() ? "none" : counts.toString();
    }

    private static double sum(MeterRegistry registry, String name) {
        return registry.find(name).meters().stream()
                .flatMap(m -> java.util.stream.StreamSupport.stream(m.measure().spliterator(), false))
                .mapToDouble(io.micrometer.core.instrument.Measurement::getValue)
                .sum();
    }

    private void phase(String name, OsdpLoad.Phase p) {
        double s = p.counts().seconds();
        line(
                "%s window %.1f s: %.0f polls/s, %.0f replies/s, %.0f timeouts; gateway threads (%d: netty-io,"
                        + " journal, access, drivers) CPU %.1f%% of one core; whole process incl. simulator, GC,"
                        + " JIT: %.1f%%",
                name,
                s,
                p.counts().polls() / s,
                p.counts().replies() / s,
                p.counts().timeouts(),
                p.cpu().threads(),
                100 * p.cpu().threadsShare(),
                100 * p.cpu().processShare());
    }

    /** Per-bus percentiles, summarised as the median bus and the worst bus. */
    private void timers(MeterRegistry registry, String name, String what) {
        List<double[]> perBus = new ArrayList<>();
        double max = 0;
        for (Timer t : registry.find(name).timers()) {
            perBus.add(new double[] {percentile(t, 0.5), percentile(t, 0.99)});
            max = Math.max(max, t.max(TimeUnit.MILLISECONDS));
        }
        if (perBus.isEmpty()) {
            return;
        }
        perBus.sort((a, b) -> Double.compare(a[1], b[1]));
        double[] median = perBus.get(perBus.size() / 2);
        double[] worst = perBus.get(perBus.size() - 1);
        line(
                "%s: median bus p50 %.2f ms p99 %.2f ms; worst bus p99 %.2f ms; max %.2f ms",
                what, median[0], median[1], worst[1], max);
    }

    private static double percentile(Timer t, double p) {
        for (ValueAtPercentile v : t.takeSnapshot().percentileValues()) {
            if (v.percentile() == p) {
                return v.value(TimeUnit.MILLISECONDS);
            }
        }
        return Double.NaN;
    }

    private static double count(MeterRegistry registry, String name, String outcome) {
        return registry.find(name).tag("outcome", outcome).counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    /** The nearest-rank percentile of sorted values. */
    private static long at(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private void line(String format, Object... args) {
        lines.add(String.format(Locale.ROOT, format, args));
    }

    List<String> lines() {
        return lines;
    }
}
