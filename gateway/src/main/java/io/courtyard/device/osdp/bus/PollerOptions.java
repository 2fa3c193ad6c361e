package io.courtyard.device.osdp.bus;

import java.time.Duration;

/**
 * Poller settings that are not per-bus configuration: how often an offline PD is probed, how the
 * connection to a serial server is retried, and how many commands may wait per PD.
 *
 * @param offlineProbe how long an offline PD waits between single discovery attempts; each failed
 *     attempt costs the whole bus one reply timeout, so this is kept well above the poll interval
 * @param reconnectInitial first delay before reconnecting to a serial server; doubles with jitter
 * @param reconnectMax the longest delay between reconnection attempts
 * @param connectTimeout how long a TCP connect to a serial server may take
 * @param queueCapacity commands that may wait per PD; the next one is answered QUEUE_FULL
 */
public record PollerOptions(
        Duration offlineProbe,
        Duration reconnectInitial,
        Duration reconnectMax,
        Duration connectTimeout,
        int queueCapacity) {
    public static final PollerOptions DEFAULTS = new PollerOptions(
            Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(3), 16);

    public PollerOptions {
        positive("offlineProbe", offlineProbe);
        positive("reconnectInitial", reconnectInitial);
        positive("reconnectMax", reconnectMax);
        positive("connectTimeout", connectTimeout);
        if (reconnectMax.compareTo(reconnectInitial) < 0) {
            throw new IllegalArgumentException(
                    "reconnectMax: " + reconnectMax + " is below reconnectInitial " + reconnectInitial);
        }
        if (queueCapacity < 1 || queueCapacity > 1024) {
            throw new IllegalArgumentException("queueCapacity: " + queueCapacity + " is outside 1..1024");
        }
    }

    public PollerOptions withOfflineProbe(Duration probe) {
        return new PollerOptions(probe, reconnectInitial, reconnectMax, connectTimeout, queueCapacity);
    }

    public PollerOptions withReconnect(Duration initial, Duration max) {
        return new PollerOptions(offlineProbe, initial, max, connectTimeout, queueCapacity);
    }

    private static void positive(String field, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + ": " + d + " must be above zero");
        }
    }
}
