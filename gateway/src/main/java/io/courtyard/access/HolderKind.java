package io.courtyard.access;

import java.util.Locale;

/** Who a holder is: residents get their own floor, staff pass a lockdown, crews get what their groups say. */
public enum HolderKind {
    RESIDENT,
    STAFF,
    MAINTENANCE;

    private final String tag = name().toLowerCase(Locale.ROOT);

    /** Built once: every decision's attribution carries it. */
    public String tag() {
        return tag;
    }
}
