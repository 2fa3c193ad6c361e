package io.courtyard.journal.event;

/**
 * A signed remote command refused; replays and commands for another site are alarms, the producer
 * chooses {@code kind}. At most one per reason per minute, with the count suppressed meanwhile.
 *
 * @param reason {@code bad-signature}, {@code malformed}, {@code expired}, {@code replay}, ...
 */
@Constant(name = "command", value = "refused")
public record CommandRefused(EventKind kind, String reason, int suppressedBefore) implements Event {

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
