package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;

/** A typed OSDP message: a {@link Command} from the CP or a {@link Reply} from a PD. */
public sealed interface OsdpMessage permits Command, Reply {
    /** The command or reply code byte. */
    int code();

    /** The DATA field as it goes on the wire, in clear. */
    Bytes payload();
}
