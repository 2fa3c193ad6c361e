package io.courtyard.journal.event;

/**
 * An OSDP device answered its bus and told who it is; the envelope's device is the PD's id.
 *
 * @param security {@code clear}, {@code secure_channel} or {@code install_key}
 * @param checkMode {@code crc} or {@code checksum}
 * @param vendor the IEEE OUI, hex
 */
@Constant(name = "state", value = "online", tag = true)
public record DeviceOnline(
        String bus,
        int address,
        String security,
        String checkMode,
        String vendor,
        int model,
        long serial,
        String firmware)
        implements Event {

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
