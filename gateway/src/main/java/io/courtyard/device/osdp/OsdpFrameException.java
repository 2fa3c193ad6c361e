package io.courtyard.device.osdp;

/** A frame that fails its length, check value or structure (OSDP 2.2 packet structure and check character). */
public final class OsdpFrameException extends OsdpException {
    OsdpFrameException(OsdpError error, int address, String message) {
        super(error, address, message);
    }
}
