package io.courtyard.device.osdp;

import io.netty.handler.codec.DecoderException;
import java.util.OptionalInt;

/**
 * Incoming OSDP traffic that cannot be used. The codec counts it, reports it down the pipeline and
 * carries on with the next frame; the connection is never closed for it (STYLE habit 3).
 */
public abstract sealed class OsdpException extends DecoderException
        permits OsdpFrameException, OsdpPayloadException, SecureChannelException {
    private final OsdpError error;
    private final int address;

    OsdpException(OsdpError error, int address, String message) {
        super(message);
        this.error = error;
        this.address = address;
    }

    public OsdpError error() {
        return error;
    }

    /** The PD address the traffic named, when the frame got far enough to tell. */
    public OptionalInt pdAddress() {
        return address < 0 ? OptionalInt.empty() : OptionalInt.of(address);
    }
}
