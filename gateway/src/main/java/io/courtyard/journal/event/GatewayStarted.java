package io.courtyard.journal.event;

/** The gateway started: upstream sees every boot, and a restart it did not expect is worth a look. */
@Constant(name = "state", value = "started", tag = true)
public record GatewayStarted(String version) implements Event {

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
