package io.courtyard.sim.load;

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
            CpuClock.Reading cpu,
            OsdpLoad.Counts window,
            MeterRegistry registry,
            long[] cardToOut) {
        double seconds = window.nanos() / 1e9;
        line(
                "OSDP load: %d buses x %d PDs, poll every %d ms, %s, gateway event loops: %d",
                plan.buses(),
                plan.devices(),
                plan.pollInterval().toMillis(),
                plan.secure() ? "Secure Channel" : "clear",
                plan.gatewayThreads());
        line("PDs online: %d of %d", online, expected);
        line(
                "window %.1f s: %.0f polls/s, %.0f replies/s, %.0f timeouts",
                seconds, window.polls() / seconds, window.replies() / seconds, window.timeouts());
        line(
                "gateway poller CPU (%d netty-io threads): %.1f%% of one core; whole process incl. simulator, GC, JIT: %.1f%%",
                cpu.threads(), 100 * cpu.threadsShare(), 100 * cpu.processShare());
        timers(registry, BusMetrics.POLL_CYCLE, "poll cycle (same PD, poll to poll)");
        timers(registry, BusMetrics.REPLY_TIME, "reply time (command written to reply decoded)");
        if (cardToOut.length > 0) {
            line(
                    "card to OUT written, stand-in driver (no decision): n=%d p50 %.3f ms p99 %.3f ms max %.3f ms",
                    cardToOut.length,
                    ms(cardToOut[cardToOut.length / 2]),
                    ms(cardToOut[(int) Math.min(cardToOut.length - 1, Math.ceil(cardToOut.length * 0.99) - 1)]),
                    ms(cardToOut[cardToOut.length - 1]));
        }
    }

    /** Per-bus percentiles, summarised as the median bus and the worst bus. */
    private void timers(MeterRegistry registry, String name, String what) {
        List<double[]> perBus = new ArrayList<>();
        double max = 0;
        for (Timer t : registry.find(name).timers()) {
            double p50 = 0;
            double p99 = 0;
            for (ValueAtPercentile v : t.takeSnapshot().percentileValues()) {
                if (v.percentile() == 0.5) {
                    p50 = v.value(TimeUnit.MILLISECONDS);
                } else if (v.percentile() == 0.99) {
                    p99 = v.value(TimeUnit.MILLISECONDS);
                }
            }
            perBus.add(new double[] {p50, p99});
            max = Math.max(max, t.max(TimeUnit.MILLISECONDS));
        }
        perBus.sort((a, b) -> Double.compare(a[1], b[1]));
        double[] median = perBus.get(perBus.size() / 2);
        double[] worst = perBus.get(perBus.size() - 1);
        line(
                "%s: median bus p50 %.2f ms p99 %.2f ms; worst bus p99 %.2f ms; max %.2f ms",
                what, median[0], median[1], worst[1], max);
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
