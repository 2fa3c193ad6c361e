package io.courtyard.device.osdp;

import io.netty.buffer.ByteBuf;

/**
 * How a frame's integrity is checked (OSDP 2.2 check character): the control byte's bit 0x04 selects a CRC-16
 * sent low byte first, otherwise one checksum byte, the two's complement of the byte sum. A PD answers
 * in the mode of the command it received; checksum mode exists for PDs that cannot compute the CRC.
 */
public enum CheckMode {
    CRC(2),
    CHECKSUM(1);

    static final int CONTROL_FLAG = 0x04;

    private final int size;

    CheckMode(int size) {
        this.size = size;
    }

    /** Bytes of check value at the end of the frame. */
    public int size() {
        return size;
    }

    static CheckMode ofControl(int control) {
        return (control & CONTROL_FLAG) != 0 ? CRC : CHECKSUM;
    }

    int controlBits() {
        return this == CRC ? CONTROL_FLAG : 0;
    }

    /** The check value over {@code length} bytes from {@code index}. */
    int compute(ByteBuf buf, int index, int length) {
        if (this == CRC) {
            return Crc16.compute(buf, index, length);
        }
        int sum = 0;
        for (int i = index; i < index + length; i++) {
            sum += buf.getUnsignedByte(i);
        }
        return -sum & 0xFF;
    }

    int read(ByteBuf buf, int index) {
        return this == CRC ? buf.getUnsignedShortLE(index) : buf.getUnsignedByte(index);
    }

    void write(ByteBuf out, int value) {
        if (this == CRC) {
            out.writeShortLE(value);
        } else {
            out.writeByte(value);
        }
    }
}
