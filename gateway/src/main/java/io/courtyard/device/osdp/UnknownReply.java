package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;

/** A reply whose code this codec does not model (a newer PD, a vendor extension); kept, not fatal. */
public record UnknownReply(int code, Bytes payload) implements Reply {
    public UnknownReply {
        Checks.unsignedByte("code", code);
    }
}
