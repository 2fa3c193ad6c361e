package io.courtyard.config;

import java.time.Duration;
import java.util.Map;

/**
 * How faults are kept (the {@code faults} section).
 *
 * @param rescueTarget a trapped passenger's crew must arrive within this; past it the rescue is
 *     overdue and raises its own alarm (30 minutes is the usual regulation)
 * @param flapHold a fault of the same device and type raised again within this of its clearing
 *     reopens that fault (a flap) instead of opening another
 * @param severities overrides of the built-in severity, by fault type
 * @param uplinkDownHold the upstream MQTT connection must stay down this long before it is an
 *     {@code uplink-down} fault: a broker restart or a short network cut is not worth a crew's time
 */
public record FaultsConfig(
        Duration rescueTarget, Duration flapHold, Map<String, String> severities, Duration uplinkDownHold) {
    public static final FaultsConfig DEFAULTS =
            new FaultsConfig(Duration.ofMinutes(30), Duration.ofMinutes(2), Map.of(), Duration.ofMinutes(5));

    public FaultsConfig {
        severities = Map.copyOf(severities);
    }
}
