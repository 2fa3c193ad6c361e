package io.courtyard.device.monitor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * The elevator monitors' meters, declared once; no per-monitor tags (the journal names the monitor of
 * every event). Counters tagged by a free value (fault type, reason) are registered on first use.
 */
final class MonitorMetrics implements MeterBinder {
    private final IntSupplier online;
    private MeterRegistry registry;
    /** By topic and outcome: counted per message, so looked up in a map rather than registered each time. */
    private final java.util.Map<String, Counter> messages = new java.util.concurrent.ConcurrentHashMap<>();

    private Counter trips;
    private Counter doorCycles;
    private Counter runningSeconds;

    MonitorMetrics(IntSupplier online) {
        this.online = online;
    }

    @Override
    public void bindTo(MeterRegistry r) {
        registry = r;
        Gauge.builder("courtyard.monitor.online", online::getAsInt)
                .description("Monitors connected and publishing")
                .register(r);
        trips = Counter.builder("courtyard.monitor.trips")
                .description("Trips (the car moved from one floor to another) seen in monitor statuses")
                .register(r);
        doorCycles = Counter.builder("courtyard.monitor.door.cycles")
                .description("Door openings seen in monitor statuses")
                .register(r);
        runningSeconds = Counter.builder("courtyard.monitor.running")
                .baseUnit("seconds")
                .description("Time the cars ran, from the monitors' running state")
                .register(r);
        for (String topic : new String[] {"status", "fault", "other"}) {
            for (String outcome : new String[] {"accepted", "malformed"}) {
                message(topic, outcome, 0);
            }
        }
    }

    /** A message on {@code topic} ({@code status}, {@code fault}, {@code other}): accepted or malformed. */
    void message(String topic, String outcome) {
        message(topic, outcome, 1);
    }

    private void message(String topic, String outcome, int n) {
        // Any subtopic but status and fault counts as "other": the tag stays bounded whatever devices send.
        String t = topic.equals("status") || topic.equals("fault") ? topic : "other";
        messages.computeIfAbsent(t + "/" + outcome, k -> Counter.builder("courtyard.monitor.messages")
                        .description(
                                "Monitor messages by topic and outcome; malformed ones are journaled with the reason")
                        .tag("topic", t)
                        .tag("outcome", outcome)
                        .register(registry))
                .increment(n);
    }

    /** A fault change: {@code state} raised, cleared or transient; {@code fault} the type (or unknown). */
    void fault(String fault, String state) {
        Counter.builder("courtyard.monitor.faults")
                .description("Debounced fault changes by type and state")
                .tag("fault", fault)
                .tag("state", state)
                .register(registry)
                .increment();
    }

    void unknownCode(String table) {
        Counter.builder("courtyard.monitor.codes.unknown")
                .description(
                        "Fault codes the monitor's table does not know; journaled as fault 'unknown' with the code")
                .tag("table", table)
                .register(registry)
                .increment();
    }

    void alarm(String alarm) {
        Counter.builder("courtyard.monitor.alarms")
                .description("Safety alarms raised from monitor faults (trapped passengers first)")
                .tag("alarm", alarm)
                .register(registry)
                .increment();
    }

    void offline(String reason) {
        Counter.builder("courtyard.monitor.offline")
                .description("Monitors gone offline, by reason (disconnected, keep-alive-timeout, silent, ...)")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    void trip() {
        trips.increment();
    }

    void doorCycles(int n) {
        doorCycles.increment(n);
    }

    void running(Duration d) {
        runningSeconds.increment(d.toMillis() / 1000.0);
    }
}
