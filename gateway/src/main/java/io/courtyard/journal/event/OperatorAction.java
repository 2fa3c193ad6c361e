package io.courtyard.journal.event;

/**
 * An operator asked for a change through the operator listener (a fault acknowledged, a crew's
 * arrival, a bill issued...), with the answer given: refused ones (403, 409) are journaled too.
 *
 * @param action {@code ack}, {@code arrive}, {@code clear}, {@code close}, {@code raise} or {@code issue-bill}
 * @param target the fault's id, or the bill's {@code elevator/month}
 * @param status the HTTP status answered
 */
@Constant(name = "audit", value = "action", tag = true)
public record OperatorAction(
        @Tag String action, String target, String user, String role, String from, @Nullable String note, int status)
        implements Event {

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
