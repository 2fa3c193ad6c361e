package io.courtyard.device.osdp;

import java.util.Locale;

/** A frame that arrived intact but whose DATA field does not fit its code's layout (OSDP 2.2 command and reply tables). */
public final class OsdpPayloadException extends OsdpException {
    private final int code;

    OsdpPayloadException(int code, int address, String message) {
        super(OsdpError.MALFORMED_PAYLOAD, address, message);
        this.code = code;
    }

    static OsdpPayloadException of(int code, int length, String problem) {
        return new OsdpPayloadException(
                code, -1, String.format(Locale.ROOT, "code 0x%02X with %d data bytes: %s", code, length, problem));
    }

    /** The same problem, now that the caller knows which PD sent it. */
    OsdpPayloadException at(int address) {
        return new OsdpPayloadException(
                code, address, String.format(Locale.ROOT, "PD 0x%02X: %s", address, getMessage()));
    }

    public int code() {
        return code;
    }
}
