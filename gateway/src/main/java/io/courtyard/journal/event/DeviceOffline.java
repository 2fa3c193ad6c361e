package io.courtyard.journal.event;

/** An OSDP device stopped answering its bus (or was never reached). */
@Constant(name = "state", value = "offline", tag = true)
public record DeviceOffline(String bus, int address, String reason) implements Event {

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
