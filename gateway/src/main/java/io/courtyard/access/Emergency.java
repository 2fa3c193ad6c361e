package io.courtyard.access;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** The emergency modes in force, each with when and by whom it was raised. Immutable. */
public record Emergency(Map<EmergencyMode, Activation> active) {
    public static final Emergency NONE = new Emergency(Map.of());

    /** When and from where a mode was raised ({@code input:fire-panel}, {@code upstream}, {@code cli}…). */
    public record Activation(Instant since, String source) {}

    public Emergency {
        EnumMap<EmergencyMode, Activation> copy = new EnumMap<>(EmergencyMode.class);
        copy.putAll(active);
        active = Collections.unmodifiableMap(copy);
    }

    public boolean fire() {
        return active.containsKey(EmergencyMode.FIRE);
    }

    public boolean lockdown() {
        return active.containsKey(EmergencyMode.LOCKDOWN);
    }

    Emergency with(EmergencyMode mode, Activation a) {
        EnumMap<EmergencyMode, Activation> m = new EnumMap<>(EmergencyMode.class);
        m.putAll(active);
        if (a == null) {
            m.remove(mode);
        } else {
            m.put(mode, a);
        }
        return new Emergency(m);
    }
}
