package io.courtyard.access;

import java.util.Locale;

/** Site-wide emergency modes; each is raised and cleared explicitly, and survives a restart. */
public enum EmergencyMode {
    /** Opens the gates and barriers configured to open on fire and releases elevator card control. */
    FIRE,
    /** Denies everyone but staff. */
    LOCKDOWN;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EmergencyMode of(String tag) {
        for (EmergencyMode m : values()) {
            if (m.tag().equals(tag)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown emergency mode '" + tag + "'; allowed: fire, lockdown");
    }
}
