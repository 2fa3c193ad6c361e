package io.courtyard.access;

import java.time.Instant;

/**
 * A validity period: {@code from} inclusive, {@code to} exclusive; either end may be open (null).
 * Instants, not local times: "valid until the end of March" is the issuer's to compute.
 */
public record Validity(Instant from, Instant to) {
    public static final Validity ALWAYS = new Validity(null, null);

    public Validity {
        if (from != null && to != null && !to.isAfter(from)) {
            throw new IllegalArgumentException("validity ends (" + to + ") before it starts (" + from + ")");
        }
    }

    /** The denial at {@code t}: NOT_YET_VALID, EXPIRED, or null when valid. */
    Reason check(Instant t) {
        if (from != null && t.isBefore(from)) {
            return Reason.NOT_YET_VALID;
        }
        if (to != null && !t.isBefore(to)) {
            return Reason.EXPIRED;
        }
        return null;
    }

    @Override
    public String toString() {
        return "[" + (from == null ? "-∞" : from) + ", " + (to == null ? "∞" : to) + ")";
    }
}
