package io.courtyard.faults;

import io.courtyard.config.DevicesConfig;
import io.courtyard.config.DevicesConfig.OsdpBus;
import io.courtyard.config.DevicesConfig.PdRef;
import io.courtyard.config.FaultCatalog;
import io.courtyard.config.FaultsConfig;
import io.courtyard.config.MonitoringConfig;
import io.courtyard.journal.event.FaultLifecycle.Severity;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The fault types the gateway knows without a monitor, their default severities (overridden by
 * {@code faults.severities}), which type starts a rescue clock, and which device belongs to which
 * elevator.
 */
public final class FaultTypes {
    public static final String TRAPPED = "trapped-passenger";
    /** Service modes (inspection, maintenance) are kept as faults of type {@code service-ID}, severity info. */
    public static final String SERVICE_PREFIX = "service-";
    /** The upstream MQTT connection down for longer than {@code faults.uplinkDownHold}; device {@code gateway}. */
    public static final String UPLINK_DOWN = "uplink-down";

    /** Severities of the types raised from the gateway's own events; a monitor's types default to major. */
    static final Map<String, Severity> DEFAULTS = Map.ofEntries(
            Map.entry(TRAPPED, Severity.CRITICAL),
            Map.entry("door-forced-open", Severity.MAJOR),
            Map.entry("door-held-open", Severity.MINOR),
            Map.entry("tamper", Severity.MAJOR),
            Map.entry("device-offline", Severity.MAJOR),
            Map.entry("camera-offline", Severity.MAJOR),
            Map.entry("barrier-command-failed", Severity.MINOR),
            Map.entry("power-failure", Severity.MAJOR),
            Map.entry("disk-alarm", Severity.CRITICAL),
            // Schedules, pass windows and every time the box records go wrong with its clock.
            Map.entry("clock-alarm", Severity.MAJOR),
            // One device's own times are off; the gateway stamps its events with its own clock.
            Map.entry("clock-skew", Severity.MINOR),
            // The box keeps deciding and journaling; the platform is blind until it comes back.
            Map.entry(UPLINK_DOWN, Severity.MAJOR));

    private final FaultsConfig config;
    private final MonitoringConfig monitoring;
    private final Map<String, String> elevatorOf = new HashMap<>();

    public FaultTypes(FaultsConfig config, DevicesConfig devices) {
        this.config = config;
        this.monitoring = devices.monitoring();
        Map<String, String> pdIds = new HashMap<>();
        for (OsdpBus b : devices.osdpBuses()) {
            b.devices().forEach(pd -> pdIds.put(b.id() + "/" + pd.address(), pd.id()));
        }
        devices.monitors().forEach(m -> elevatorOf.put(m.id(), m.elevator()));
        for (DevicesConfig.Elevator e : devices.elevators()) {
            elevatorOf.put(e.id(), e.id());
            for (PdRef r : new PdRef[] {e.reader(), e.relays()}) {
                String pd = pdIds.get(r.bus() + "/" + r.address());
                if (pd != null) {
                    elevatorOf.put(pd, e.id());
                }
            }
        }
    }

    public Severity severity(String type) {
        return severity(type, null);
    }

    /** The configured severity of {@code type}, else the device's ({@code hint}), else the default. */
    public Severity severity(String type, String hint) {
        String configured = config.severities().get(type);
        if (configured != null) {
            return Severity.valueOf(configured.toUpperCase(Locale.ROOT));
        }
        if (hint != null) {
            for (Severity s : Severity.values()) {
                if (s.name().equalsIgnoreCase(hint)) {
                    return s;
                }
            }
        }
        return DEFAULTS.getOrDefault(type, Severity.MAJOR);
    }

    /** Whether a monitor fault type raises a safety alarm of its own (a trapped passenger). */
    boolean raisesAlarm(String type) {
        FaultCatalog.FaultType t = monitoring.catalog().types().get(type);
        return t != null && t.alarm().isPresent();
    }

    /** The crew's deadline for a fault of {@code type}, or null for types without a rescue clock. */
    public Duration rescueTarget(String type) {
        return TRAPPED.equals(type) ? config.rescueTarget() : null;
    }

    public Duration uplinkDownHold() {
        return config.uplinkDownHold();
    }

    public Duration flapHold() {
        return config.flapHold();
    }

    /** The elevator a device belongs to (the elevator itself, its reader, relays or monitor), or null. */
    public String elevatorOf(String device) {
        return elevatorOf.get(device);
    }
}
