package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;
import java.util.Optional;

/**
 * osdp_NAK (0x41, OSDP 2.2): the PD refuses the command.
 *
 * @param errorCode see {@link Reason}; unknown codes are kept as received
 * @param detail optional bytes after the code (e.g. the SC status)
 */
public record Nak(int errorCode, Bytes detail) implements Reply {
    public static final int CODE = 0x41;

    public Nak {
        Checks.unsignedByte("error code", errorCode);
    }

    public static Nak of(Reason reason) {
        return new Nak(reason.ordinal(), Bytes.EMPTY);
    }

    public Optional<Reason> reason() {
        return errorCode < Reason.values().length ? Optional.of(Reason.values()[errorCode]) : Optional.empty();
    }

    @Override
    public int code() {
        return CODE;
    }

    @Override
    public Bytes payload() {
        return new PayloadWriter(1 + detail.length())
                .u8(errorCode)
                .bytes(detail)
                .toBytes();
    }

    static Nak read(PayloadReader r) {
        return new Nak(r.u8(), r.rest());
    }

    /** NAK error codes (OSDP 2.2 table), in wire order. */
    public enum Reason {
        NONE,
        /** Bad CRC or checksum; FACTS: a CP falls back to checksum mode on this. */
        CHECK_CHARACTER,
        COMMAND_LENGTH,
        UNKNOWN_COMMAND,
        UNEXPECTED_SEQUENCE,
        /** Security block not supported, or security conditions not met (e.g. SCBK-D outside install mode). */
        SECURITY_UNSUPPORTED,
        /** Encrypted communication required for this command. */
        ENCRYPTION_REQUIRED,
        BIO_TYPE_UNSUPPORTED,
        BIO_FORMAT_UNSUPPORTED,
        UNABLE_TO_PROCESS
    }
}
