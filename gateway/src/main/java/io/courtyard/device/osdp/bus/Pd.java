package io.courtyard.device.osdp.bus;

import io.courtyard.config.DevicesConfig.PdRef;

/**
 * One configured PD as drivers and listeners see it: its configured id, its bus and its address.
 *
 * @param id the device id from the configuration, used as the journal's device name
 */
public record Pd(String id, String bus, int address) {
    /** The form gates and elevators use in the configuration to point at their PDs. */
    public PdRef ref() {
        return new PdRef(bus, address);
    }

    @Override
    public String toString() {
        return bus + "/" + address + " (" + id + ")";
    }
}
