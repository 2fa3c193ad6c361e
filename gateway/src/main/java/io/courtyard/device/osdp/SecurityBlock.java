package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;

/**
 * The security control block that follows the header when the control byte's bit 0x08 is set
 * (OSDP 2.2 Annex D): its length byte counts itself, the type and the data.
 *
 * @param type SCS_11..SCS_18
 * @param data the block's data: the key selector for SCS_11..13, the accept flag for SCS_14, none after
 */
public record SecurityBlock(int type, Bytes data) {
    /** CHLNG: CP starts the handshake; data 0x00 asks for SCBK-D, 0x01 for the paired SCBK. */
    public static final int SCS_11 = 0x11;
    /** CCRYPT: PD answers with its client cryptogram; data echoes the key selector. */
    public static final int SCS_12 = 0x12;
    /** SCRYPT: CP sends its server cryptogram. */
    public static final int SCS_13 = 0x13;
    /** RMAC_I: PD sends the initial R-MAC; data 0x01 when it accepted the server cryptogram. */
    public static final int SCS_14 = 0x14;
    /** Command with MAC, data in clear. */
    public static final int SCS_15 = 0x15;
    /** Reply with MAC, data in clear. */
    public static final int SCS_16 = 0x16;
    /** Command with MAC and encrypted data. */
    public static final int SCS_17 = 0x17;
    /** Reply with MAC and encrypted data. */
    public static final int SCS_18 = 0x18;

    static final int MAC_SIZE = 4;

    public SecurityBlock {
        if (type < 0 || type > 0xFF) {
            throw new IllegalArgumentException("security block type " + type + " is outside 0..255");
        }
        if (data.length() > 0xFD) {
            throw new IllegalArgumentException("security block data of " + data.length() + " bytes; at most 253");
        }
    }

    static SecurityBlock of(int type, int dataByte) {
        return new SecurityBlock(type, Bytes.ofUnsigned(dataByte));
    }

    /** Bytes on the wire, length byte included. */
    int wireLength() {
        return 2 + data.length();
    }

    /** SCS_15..SCS_18 carry a four-byte MAC before the check bytes (Annex D). */
    public boolean hasMac() {
        return type >= SCS_15 && type <= SCS_18;
    }

    /** SCS_17 and SCS_18 carry their DATA field encrypted. */
    public boolean encrypted() {
        return type == SCS_17 || type == SCS_18;
    }

    /** SCS_11..SCS_14: one of the four handshake messages. */
    public boolean handshake() {
        return type >= SCS_11 && type <= SCS_14;
    }
}
