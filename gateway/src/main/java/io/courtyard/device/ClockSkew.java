package io.courtyard.device;

import io.courtyard.journal.EventDraft;
import io.courtyard.journal.EventSink;
import io.courtyard.journal.event.ClockSkewChanged;
import io.courtyard.journal.event.ClockSkewChanged.ClockState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each device's clock against the gateway's: every live report that carries the device's own time
 * (a plate camera's capture time, a monitor's {@code ts}) is a sample of that device's skew (device
 * minus gateway). The skew is the largest of the last {@value #WINDOW} samples: a report can only
 * arrive late (network, a message the device held back), which makes its sample too low, never too
 * high, so the largest of a few is the least delayed. It is a gauge
 * ({@code courtyard.device.clock.skew{device}}, seconds), a {@code deviceClocks} section of
 * {@code /health}, and, when it goes beyond the limit, one {@code device} event
 * {@code {"clock":"skewed",...}}; one {@code in-sync} event when it comes back within half the
 * limit. No verdict before {@value #WINDOW} samples, so one stale report cannot raise it. Adapters
 * whose protocol carries device time call {@link #observe}; OSDP carries none (its PDs keep no time
 * of day), so OSDP devices never appear.
 */
public final class ClockSkew {
    /** Samples per estimate. */
    static final int WINDOW = 3;

    private final Duration limit;
    private final MeterRegistry registry;
    private final EventSink events;
    private final Map<String, Device> devices = new ConcurrentHashMap<>();

    private static final class Device {
        final long[] samples = new long[WINDOW];
        int next;
        /** Samples held, up to WINDOW; read without the lock by {@link #skews()}. */
        volatile int filled;

        volatile double skewSeconds;
        volatile boolean beyond;
    }

    public ClockSkew(Duration limit, MeterRegistry registry, EventSink events) {
        this.limit = limit;
        this.registry = registry;
        this.events = events;
    }

    /** A live report from {@code device} stamped {@code deviceTime} by the device, received at {@code receivedAt}. */
    public void observe(String device, Instant deviceTime, Instant receivedAt) {
        Device d = devices.computeIfAbsent(device, this::register);
        long sample = Duration.between(receivedAt, deviceTime).toMillis();
        synchronized (d) {
            d.samples[d.next] = sample;
            d.next = (d.next + 1) % WINDOW;
            if (d.filled < WINDOW && ++d.filled < WINDOW) {
                return;
            }
            long skew = Long.MIN_VALUE;
            for (long s : d.samples) {
                skew = Math.max(skew, s);
            }
            d.skewSeconds = skew / 1000.0;
            long abs = Math.abs(skew);
            if (!d.beyond && abs > limit.toMillis()) {
                d.beyond = true;
                report(device, ClockState.SKEWED, skew, receivedAt);
            } else if (d.beyond && abs < limit.toMillis() / 2) {
                d.beyond = false;
                report(device, ClockState.IN_SYNC, skew, receivedAt);
            }
        }
    }

    /** The skew of every device with an estimate, in seconds, device minus gateway. */
    public Map<String, Double> skews() {
        Map<String, Double> out = new TreeMap<>();
        devices.forEach((k, v) -> {
            if (v.filled >= WINDOW) {
                out.put(k, v.skewSeconds);
            }
        });
        return out;
    }

    /** The {@code /health} section: the limit, the devices beyond it and every device's skew. */
    public Map<String, Object> health() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("limitSeconds", limit.toSeconds());
        out.put(
                "skewed",
                devices.entrySet().stream()
                        .filter(e -> e.getValue().beyond)
                        .map(Map.Entry::getKey)
                        .sorted()
                        .toList());
        out.put("skewSeconds", skews());
        return out;
    }

    private Device register(String device) {
        Device d = new Device();
        Gauge.builder("courtyard.device.clock.skew", d, x -> x.skewSeconds)
                .description("The device's clock minus the gateway's (largest of its last reports)")
                .baseUnit("seconds")
                .tag("device", device)
                .register(registry);
        return d;
    }

    private void report(String device, ClockState state, long skewMillis, Instant at) {
        events.append(EventDraft.at(device, at, new ClockSkewChanged(state, skewMillis / 1000.0, limit.toSeconds())));
    }
}
