package io.courtyard.device;

import io.courtyard.journal.EventDraft;
import io.courtyard.journal.EventKind;
import io.courtyard.journal.EventSink;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each device's clock against the gateway's: every report that carries the device's own time (a
 * plate camera's capture time, a monitor's timestamp) updates that device's skew, a gauge
 * ({@code courtyard.device.clock.skew{device}}, seconds, device minus gateway) and, when it drifts
 * beyond the limit, a {@code device} event {@code {"clock":"skewed",...}}; one {@code in-sync} event
 * when it comes back within half the limit. Adapters whose protocol carries device time call
 * {@link #observe}; OSDP carries none (its PDs keep no time of day), so OSDP devices never appear.
 */
public final class ClockSkew {
    private final Duration limit;
    private final MeterRegistry registry;
    private final EventSink events;
    private final Map<String, Device> devices = new ConcurrentHashMap<>();

    private static final class Device {
        volatile double skewSeconds;
        boolean beyond;
    }

    public ClockSkew(Duration limit, MeterRegistry registry, EventSink events) {
        this.limit = limit;
        this.registry = registry;
        this.events = events;
    }

    /** A report from {@code device} stamped {@code deviceTime} by the device, received at {@code receivedAt}. */
    public void observe(String device, Instant deviceTime, Instant receivedAt) {
        Device d = devices.computeIfAbsent(device, this::register);
        // Includes the report's transit time (milliseconds on a compound's network): irrelevant next to minutes.
        Duration skew = Duration.between(receivedAt, deviceTime);
        d.skewSeconds = skew.toMillis() / 1000.0;
        Duration abs = skew.abs();
        synchronized (d) {
            if (!d.beyond && abs.compareTo(limit) > 0) {
                d.beyond = true;
                report(device, "skewed", skew, receivedAt);
            } else if (d.beyond && abs.compareTo(limit.dividedBy(2)) < 0) {
                d.beyond = false;
                report(device, "in-sync", skew, receivedAt);
            }
        }
    }

    /** The last skew of every device that reported its time, in seconds, device minus gateway. */
    public Map<String, Double> skews() {
        Map<String, Double> out = new TreeMap<>();
        devices.forEach((k, v) -> out.put(k, v.skewSeconds));
        return out;
    }

    private Device register(String device) {
        Device d = new Device();
        Gauge.builder("courtyard.device.clock.skew", d, x -> x.skewSeconds)
                .description("The device's clock minus the gateway's, at its last report")
                .baseUnit("seconds")
                .tag("device", device)
                .register(registry);
        return d;
    }

    private void report(String device, String state, Duration skew, Instant at) {
        String body = String.format(
                Locale.ROOT,
                "{\"clock\":\"%s\",\"skewSeconds\":%.3f,\"limitSeconds\":%d}",
                state,
                skew.toMillis() / 1000.0,
                limit.toSeconds());
        events.append(new EventDraft(EventKind.DEVICE, device, at, at, body));
    }
}
