package io.courtyard.journal.event;

/**
 * An access-list version is now enforced, so upstream learns which list each gateway holds.
 * Received snapshots and deltas say what they changed; a list another process stored (an
 * {@code acl import}) says only the versions, with origin {@code store}.
 *
 * @param from the version enforced before
 * @param entries entries upserted
 * @param removals entries removed
 * @param dangling references to missing entries (they fail closed)
 * @param origin {@code mqtt}, {@code usb} or another import's name, {@code store}
 */
@Constant(name = "acl", value = "applied")
public record AclApplied(
        @Tag @Nullable MessageType type,
        long from,
        long version,
        @Nullable Integer entries,
        @Nullable Integer removals,
        @Nullable Integer dangling,
        String origin)
        implements Event {

    /** Whether the message carried the whole list or the change from the version before. */
    public enum MessageType {
        SNAPSHOT,
        DELTA
    }

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
