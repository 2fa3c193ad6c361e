package io.courtyard.access;

/**
 * The answer to a {@link PlateRequest}: the decision, and how the read was matched.
 *
 * @param read the read normalized, or null when it is no plate this gateway knows
 */
public record PlateDecision(Decision decision, Match match, CredentialKey read) {

    /** How the read found its entry in the list. */
    public enum Match {
        /** The normalized read is listed. */
        EXACT,
        /** Not listed as read; one character away under the barrier's confusion rule from exactly one entry. */
        NEAR,
        /** Neither: unknown, unreadable, or not looked up (low confidence). */
        NONE;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
