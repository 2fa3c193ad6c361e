package io.courtyard.journal.event;

/**
 * An access-list message refused; the list in force is unchanged. Refusals that suggest an attack
 * (signature, site, replay) are published as alarms, the others as device events: the producer
 * chooses {@code kind}. At most one per reason per minute, with the count suppressed meanwhile.
 *
 * @param reason the refusal's code ({@code bad-signature}, {@code gap}, ...)
 * @param detail what was wrong, sanitised (it may come from an unauthenticated message)
 * @param current the version enforced
 * @param type the refused message's type, when it could be read
 * @param version the refused message's version, when it could be read
 */
@Constant(name = "acl", value = "refused")
public record AclRefused(
        EventKind kind,
        String reason,
        String detail,
        long current,
        @Tag @Nullable AclApplied.MessageType type,
        @Nullable Long version,
        String origin,
        int suppressedBefore)
        implements Event {

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
