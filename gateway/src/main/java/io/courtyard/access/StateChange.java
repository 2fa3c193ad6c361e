package io.courtyard.access;

import java.util.Locale;

/**
 * What a granted decision changed in the stateful rules, carried in its journal event so that
 * a restart can rebuild the state: absolute values, so that replaying an event twice is harmless.
 *
 * @param subject {@code holder:ID}, {@code pass:ID} or {@code permit:ID}
 * @param uses the pass's entries used after this decision, or -1 when not counted
 * @param area {@code zone:ID} or {@code pair:ID} whose position changed, or null
 * @param position the new position in {@code area}, or null
 */
public record StateChange(String subject, int uses, String area, Position position) {

    /** Which side of an anti-passback area a subject was last seen going to. */
    public enum Position {
        IN,
        OUT;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
