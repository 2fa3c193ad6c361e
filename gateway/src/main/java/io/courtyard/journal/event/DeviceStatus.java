package io.courtyard.journal.event;

/** An OSDP device's local status report (osdp_LSTAT): its tamper switch and its power supply. */
@Constant(name = "state", value = "status", tag = true)
public record DeviceStatus(String bus, int address, boolean tamper, boolean powerFailure) implements Event {

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
