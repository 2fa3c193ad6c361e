package io.courtyard.access;

import java.util.Locale;

/** Who a holder is: residents get their own floor, staff pass a lockdown, crews get what their groups say. */
public enum HolderKind {
    RESIDENT,
    STAFF,
    MAINTENANCE;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
