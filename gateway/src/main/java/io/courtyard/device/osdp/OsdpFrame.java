package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;
import java.util.Locale;

/**
 * One OSDP packet as it sits on the wire (OSDP 2.2 packet structure), between framing and meaning: the address
 * and control bytes are kept raw so that a received frame re-serialises byte for byte, which the
 * Secure Channel MAC depends on.
 *
 * @param address the address byte: PD address 0..0x7E, 0x7F broadcast, bit 0x80 set on replies
 * @param control the control byte: sequence in bits 0-1, {@link CheckMode} bit 0x04, security bit 0x08
 * @param securityBlock present exactly when the control byte says so, otherwise {@code null}
 * @param code command or reply code
 * @param data the DATA field; ciphertext in an SCS_17/SCS_18 frame
 * @param mac the four MAC bytes of an SCS_15..SCS_18 frame, otherwise empty
 */
public record OsdpFrame(int address, int control, SecurityBlock securityBlock, int code, Bytes data, Bytes mac) {
    public static final int SOM = 0x53;
    public static final int MARK = 0xFF;
    public static final int BROADCAST = 0x7F;
    public static final int REPLY_BIT = 0x80;
    static final int SEQUENCE_MASK = 0x03;
    /** Control bit 0x08: a security block follows the header. */
    public static final int SECURITY_FLAG = 0x08;
    /** SOM, address, two length bytes, control. */
    static final int HEADER = 5;
    /** The length field is 16 bits. */
    static final int MAX_LENGTH = 0xFFFF;

    public OsdpFrame {
        checkByte("address", address);
        checkByte("control", control);
        checkByte("code", code);
        if (((control & SECURITY_FLAG) != 0) != (securityBlock != null)) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT, "control 0x%02X disagrees with security block %s", control, securityBlock));
        }
        int expectedMac = securityBlock != null && securityBlock.hasMac() ? SecurityBlock.MAC_SIZE : 0;
        if (mac.length() != expectedMac) {
            throw new IllegalArgumentException("MAC of " + mac.length() + " bytes; this frame takes " + expectedMac);
        }
        if (length(securityBlock, data, mac, CheckMode.ofControl(control)) > MAX_LENGTH) {
            throw new IllegalArgumentException("frame of " + data.length() + " data bytes exceeds the 16-bit length");
        }
    }

    /** A frame in clear, with or without a handshake security block. */
    public static OsdpFrame of(
            int pdAddress, boolean reply, int sequence, CheckMode check, SecurityBlock block, int code, Bytes data) {
        if (pdAddress < 0 || pdAddress > BROADCAST) {
            throw new IllegalArgumentException("PD address " + pdAddress + " is outside 0..127");
        }
        if (sequence < 0 || sequence > 3) {
            throw new IllegalArgumentException("sequence " + sequence + " is outside 0..3");
        }
        int control = sequence | check.controlBits() | (block != null ? SECURITY_FLAG : 0);
        return new OsdpFrame(pdAddress | (reply ? REPLY_BIT : 0), control, block, code, data, Bytes.EMPTY);
    }

    /** The same frame with a MAC-carrying security block, its (possibly encrypted) data and MAC. */
    OsdpFrame secured(SecurityBlock block, Bytes newData, Bytes newMac) {
        return new OsdpFrame(address, control | SECURITY_FLAG, block, code, newData, newMac);
    }

    /** The same frame without security block and MAC, carrying the given clear data. */
    OsdpFrame clear(Bytes clearData) {
        return new OsdpFrame(address, control & ~SECURITY_FLAG, null, code, clearData, Bytes.EMPTY);
    }

    public int pdAddress() {
        return address & ~REPLY_BIT;
    }

    public boolean isReply() {
        return (address & REPLY_BIT) != 0;
    }

    public int sequence() {
        return control & SEQUENCE_MASK;
    }

    public CheckMode checkMode() {
        return CheckMode.ofControl(control);
    }

    /** The value of the length field: every byte from SOM through the check bytes, mark byte excluded. */
    public int length() {
        return length(securityBlock, data, mac, checkMode());
    }

    private static int length(SecurityBlock block, Bytes data, Bytes mac, CheckMode check) {
        int scb = block == null ? 0 : block.wireLength();
        return HEADER + scb + 1 + data.length() + mac.length() + check.size();
    }

    private static void checkByte(String field, int value) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException(field + " " + value + " is outside 0..255");
        }
    }

    /** Payload and MAC as lengths only: a frame's data can be a card's bits or key material. */
    @Override
    public String toString() {
        return "OsdpFrame[address=" + address + ", control=" + control + ", securityBlock=" + securityBlock
                + ", code=0x" + Integer.toHexString(code) + ", data=<" + data.length() + " bytes>, mac=<"
                + mac.length() + " bytes>]";
    }
}
