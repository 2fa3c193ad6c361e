package io.courtyard.journal.event;

/**
 * An OSDP reply that broke the Secure Channel (plaintext where a MAC is due, a MAC that does not
 * verify, ...): the reply was discarded. At most one per PD and violation per interval, with the
 * count suppressed meanwhile.
 *
 * @param violation {@code plaintext}, {@code bad-mac}, {@code wrong-block}, {@code no-session}, {@code undecryptable}
 * @param detail what was wrong, in words
 */
@Constant(name = "alarm", value = "secure-channel", tag = true)
public record SecureChannelViolation(
        @Tag String violation, String detail, int suppressedBefore, String bus, int address) implements Event {

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
