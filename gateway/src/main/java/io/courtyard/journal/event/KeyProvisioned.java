package io.courtyard.journal.event;

/** An OSDP device took its Secure Channel key in install mode; the key itself is never journaled. */
@Constant(name = "state", value = "key-provisioned", tag = true)
public record KeyProvisioned(String bus, int address) implements Event {

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
