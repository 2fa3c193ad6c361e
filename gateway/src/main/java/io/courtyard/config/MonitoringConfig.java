package io.courtyard.config;

import io.courtyard.config.FaultCatalog.FaultType;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * How the gateway reads its elevator monitors (the {@code monitoring} section): when a silent monitor
 * counts as offline, how far back the card presentations of a trapped-passenger alarm reach, the
 * debounce per fault type, the fault catalog (built-in and configured code tables) and the firmware
 * field-name mappings.
 *
 * @param silenceTimeout a monitor that has published nothing this long is offline, connected or not
 * @param recentCards card presentations at the car's reader this recent go into a trapped-passenger alarm
 * @param debounce overrides of the vocabulary's debounce, by fault type id
 * @param fieldMaps named mappings, each from a firmware's field name to ours ({@link #PAYLOAD_FIELDS})
 */
public record MonitoringConfig(
        Duration silenceTimeout,
        Duration recentCards,
        Map<String, Duration> debounce,
        FaultCatalog catalog,
        Map<String, Map<String, String>> fieldMaps) {

    /** Every field name of the monitor payload schema (README "Elevator monitors"); mappings target these. */
    public static final Set<String> PAYLOAD_FIELDS = Set.of(
            "ts",
            "running",
            "direction",
            "floor",
            "door",
            "passenger",
            "power",
            "mode",
            "speed",
            "runCount",
            "doorCycles",
            "faults",
            "code",
            "state");

    static final Duration DEFAULT_SILENCE = Duration.ofMinutes(2);
    static final Duration DEFAULT_RECENT_CARDS = Duration.ofMinutes(5);

    public MonitoringConfig {
        debounce = Map.copyOf(debounce);
        fieldMaps = Map.copyOf(fieldMaps);
    }

    /** Defaults and the built-in catalog only (tests and configurations without a monitoring section). */
    public static MonitoringConfig defaults() {
        return new MonitoringConfig(DEFAULT_SILENCE, DEFAULT_RECENT_CARDS, Map.of(), FaultCatalog.builtIn(), Map.of());
    }

    /** The debounce in force for {@code type}: the configuration's, else the vocabulary's. */
    public Duration debounce(FaultType type) {
        return debounce.getOrDefault(type.id(), type.debounce());
    }
}
