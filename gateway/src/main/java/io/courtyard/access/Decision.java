package io.courtyard.access;

import io.courtyard.config.DevicesConfig.Direction;

/**
 * The answer to an {@link AccessRequest}: grant or deny, why, for whom, what to actuate and which
 * rule decided it.
 *
 * @param direction the way through: a barrier's direction, or the side of an anti-passback gate
 *     pair; null otherwise
 * @param subject the access-list id of the credential, pass or permit that matched, or null
 * @param holderKind {@code resident}, {@code staff}, {@code maintenance} or {@code visitor}, or null
 * @param rule the rule that produced the decision, in words, e.g. {@code group residents-1-1 (always)}
 * @param change what the stateful rules recorded, or null; the journal event carries it
 * @param aclVersion the access-list version the decision read
 */
public record Decision(
        Reason reason,
        String device,
        Direction direction,
        CredentialKey credential,
        String subject,
        String holder,
        String holderKind,
        String household,
        Actuation actuation,
        String rule,
        StateChange change,
        long aclVersion) {

    public boolean granted() {
        return reason.grants();
    }
}
