package io.courtyard.access;

import java.util.Locale;

/** Lifecycle of a holder, credential, pass or permit; only ACTIVE ever opens anything. */
public enum Status {
    ACTIVE,
    SUSPENDED,
    LOST,
    REVOKED;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The reason a decision gives for this status; null for ACTIVE. */
    Reason denial() {
        return switch (this) {
            case ACTIVE -> null;
            case SUSPENDED -> Reason.SUSPENDED;
            case LOST -> Reason.LOST;
            case REVOKED -> Reason.REVOKED;
        };
    }
}
