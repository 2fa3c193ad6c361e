package io.courtyard.device.osdp;

/** Which end of the bus a pipeline serves; it decides which direction of traffic is expected. */
public enum Role {
    /** The gateway as ACU: sends commands, receives replies. */
    CONTROL_PANEL,
    /** An emulated reader or relay board: receives commands, sends replies. */
    PERIPHERAL
}
