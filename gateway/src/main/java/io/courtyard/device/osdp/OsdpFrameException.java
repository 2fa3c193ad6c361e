package io.courtyard.device.osdp;

import java.util.Locale;

/** A frame that fails its length, check value or structure (OSDP 2.2 packet structure and check character). */
public final class OsdpFrameException extends OsdpException {
    OsdpFrameException(OsdpError error, int address, String message) {
        super(error, address, message);
    }

    /** Names the address byte as received (reply bit included) and the offending values. */
    static OsdpFrameException of(OsdpError error, int addressByte, String format, Object... args) {
        return new OsdpFrameException(
                error,
                addressByte & ~OsdpFrame.REPLY_BIT,
                String.format(
                        Locale.ROOT,
                        "frame for address 0x%02X: %s",
                        addressByte,
                        String.format(Locale.ROOT, format, args)));
    }
}
