package io.courtyard.device.osdp.bus;

import io.courtyard.device.osdp.CheckMode;
import io.courtyard.device.osdp.PdCapabilities;
import io.courtyard.device.osdp.PdId;

/**
 * What a PD said about itself on its way online, and how the bus now talks to it.
 *
 * @param id the PD's osdp_PDID answer
 * @param capabilities its osdp_PDCAP answer
 * @param checkMode CRC, or checksum after the PD refused CRC
 */
public record PdInfo(PdId id, PdCapabilities capabilities, CheckMode checkMode, Security security) {
    /** How the bus's traffic with the PD is protected. */
    public enum Security {
        /** No Secure Channel: configured off. */
        CLEAR,
        /** Secure Channel with the PD's own SCBK. */
        SECURE_CHANNEL,
        /** Secure Channel with the well-known SCBK-D: configured INSTALL without a key to hand over. */
        INSTALL_KEY
    }
}
