package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;

/** A command whose code this codec does not model; a PD answers it with NAK 0x03 (OSDP 2.2). */
public record UnknownCommand(int code, Bytes payload) implements Command {
    public UnknownCommand {
        Checks.unsignedByte("code", code);
    }
}
