package io.courtyard.sim.demo;

import io.courtyard.runtime.Threads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's one line every few seconds: events journaled per second, grants and denials so far,
 * open faults, and how far upstream is behind. Read from the gateway's own meters (what {@code
 * /metrics} serves) and the operator API, never from inside a room.
 */
final class LiveSummary implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("summary");

    /** One reading; {@code openFaults} is -1 when the API did not answer. */
    record Line(double eventsPerSecond, long grants, long denials, int openFaults, long upstreamLag) {
        String text() {
            return String.format(
                    Locale.ROOT,
                    "%.1f events/s, %d grants, %d denials, %s open faults, upstream lag %d events",
                    eventsPerSecond,
                    grants,
                    denials,
                    openFaults < 0 ? "?" : Integer.toString(openFaults),
                    upstreamLag);
        }
    }

    private final MeterRegistry registry;
    private final IntSupplier openFaults;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Threads.named("demo-summary", true));
    private double lastAppended = -1;
    private long lastNanos;

    LiveSummary(MeterRegistry registry, IntSupplier openFaults) {
        this.registry = registry;
        this.openFaults = openFaults;
    }

    LiveSummary start(Duration every) {
        read();
        timer.scheduleAtFixedRate(
                () -> {
                    try {
                        log.info("summary: {}", read().text());
                    } catch (RuntimeException e) {
                        // A summary that cannot be read this time must not end the summaries.
                        log.debug("summary unreadable: {}", e.toString());
                    }
                },
                every.toMillis(),
                every.toMillis(),
                TimeUnit.MILLISECONDS);
        return this;
    }

    /** Reads the meters now; events per second since the last reading. */
    synchronized Line read() {
        double appended = registry.find("courtyard.journal.appended").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
        long now = System.nanoTime();
        double rate = lastAppended < 0 ? 0 : (appended - lastAppended) / ((now - lastNanos) / 1e9);
        lastAppended = appended;
        lastNanos = now;
        return new Line(
                rate,
                decisions("grant"),
                decisions("deny"),
                openFaults.getAsInt(),
                // Events journaled and not yet acknowledged by the upstream broker (the MQTT sink's cursor).
                (long) gauge("courtyard.uplink.pending"));
    }

    private long decisions(String outcome) {
        return (long) registry.find("courtyard.access.decisions").tag("outcome", outcome).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private double gauge(String name) {
        return registry.find(name).gauges().stream()
                .mapToDouble(Gauge::value)
                .filter(v -> !Double.isNaN(v))
                .max()
                .orElse(0);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
